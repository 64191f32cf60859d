package chatpro.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DeviceNameTest {
  @Test
  void commonBrowsersAndSystemsReadAsPeopleSayThem() {
    assertEquals("Chrome on Android", DeviceName.of("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36"
        + " (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"));
    assertEquals("Safari on iPhone", DeviceName.of("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X)"
        + " AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"));
    assertEquals("Edge on Windows", DeviceName.of("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
        + " (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"));
    assertEquals("Firefox on Linux", DeviceName.of("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101"
        + " Firefox/133.0"));
    assertEquals("Samsung Internet on Android", DeviceName.of("Mozilla/5.0 (Linux; Android 14; SM-S918B)"
        + " AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36"));
    assertEquals("Safari on Mac", DeviceName.of("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)"
        + " AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"));
    assertEquals("curl", DeviceName.of("curl/8.5.0"));
  }

  @Test
  void nothingRecognisableIsNothing() {
    assertNull(DeviceName.of(null));
    assertNull(DeviceName.of(""));
    assertNull(DeviceName.of("<script>alert(1)</script>"));
    assertNull(DeviceName.of("Chrome/1 ".repeat(200)), "an absurdly long header is not read");
  }
}
