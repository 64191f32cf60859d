package chatpro.gateway.http;

/**
 * What a login was made from, in words a person recognises ("Chrome on Android"), from its User-Agent header; null
 * when the header says nothing recognisable. Only this summary is kept (with the login, for the person's own
 * subject-access export), never the header, which can be long, precise enough to fingerprint, and forged at will.
 */
final class DeviceName {
  private DeviceName() {}

  static String of(String userAgent) {
    if (userAgent == null || userAgent.isBlank() || userAgent.length() > 1024) {
      return null;
    }
    String browser = browser(userAgent);
    String system = system(userAgent);
    if (browser == null && system == null) {
      return null;
    }
    if (browser == null) {
      return system;
    }
    return system == null ? browser : browser + " on " + system;
  }

  /** Order matters: Edge and Opera say Chrome too, Chrome says Safari too. */
  private static String browser(String ua) {
    if (ua.contains("Edg/") || ua.contains("EdgA/") || ua.contains("EdgiOS/")) {
      return "Edge";
    }
    if (ua.contains("OPR/") || ua.contains("Opera")) {
      return "Opera";
    }
    if (ua.contains("SamsungBrowser/")) {
      return "Samsung Internet";
    }
    if (ua.contains("Firefox/") || ua.contains("FxiOS/")) {
      return "Firefox";
    }
    if (ua.contains("Chrome/") || ua.contains("CriOS/") || ua.contains("Chromium/")) {
      return "Chrome";
    }
    if (ua.contains("Safari/") && ua.contains("Version/")) {
      return "Safari";
    }
    if (ua.startsWith("curl/")) {
      return "curl";
    }
    if (ua.startsWith("Java-http-client/") || ua.startsWith("Java/")) {
      return "Java HTTP client";
    }
    return null;
  }

  private static String system(String ua) {
    if (ua.contains("iPhone")) {
      return "iPhone";
    }
    if (ua.contains("iPad")) {
      return "iPad";
    }
    if (ua.contains("Android")) {
      return "Android";
    }
    if (ua.contains("Windows")) {
      return "Windows";
    }
    if (ua.contains("CrOS")) {
      return "ChromeOS";
    }
    if (ua.contains("Mac OS X") || ua.contains("Macintosh")) {
      return "Mac";
    }
    if (ua.contains("Linux")) {
      return "Linux";
    }
    return null;
  }
}
