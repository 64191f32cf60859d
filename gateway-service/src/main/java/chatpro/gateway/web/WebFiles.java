package chatpro.gateway.web;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The web client's built files, read once from the classpath ({@code webroot/}, listed in {@code webroot/files.txt}
 * by the build) and held in memory with their gzipped form and an ETag. Empty when the gateway was built without
 * the client.
 *
 * <p>Each file's bodies are Vert.x {@link Buffer}s made once here and written as they are to every response. That is
 * safe in Vert.x 5 as long as nothing writes to them again: {@code HttpServerResponse.end(Buffer)} (HTTP/1.x and
 * HTTP/2 alike) sends {@code BufferInternal.getByteBuf()}, which is a fresh {@code slice()} of the content with its
 * own reader index, so one response reading its body does not move another's; and {@code Buffer.buffer(byte[])} copies
 * into an unpooled heap buffer whose {@code release()} does nothing, so a response done with its slice does not free
 * the content under the next. No per-request copy or {@code Buffer.slice()} is needed.
 */
public final class WebFiles {
  /**
   * One file as it is served. {@code body} and {@code gzipped} (null when compressing would not pay) are shared by
   * every response: never write to them.
   */
  public record WebFile(String path, Buffer body, Buffer gzipped, String contentType, String etag) {}

  private static final String ROOT = "webroot/";
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("webmanifest", "application/manifest+json"),
      Map.entry("json", "application/json"),
      Map.entry("txt", "text/plain; charset=utf-8"),
      Map.entry("woff2", "font/woff2"));

  private final Map<String, WebFile> files;

  private WebFiles(Map<String, WebFile> files) {
    this.files = files;
  }

  /** Reads the build from the classpath. Blocking: call it on a worker thread. */
  public static WebFiles load(ClassLoader loader) {
    Map<String, WebFile> files = new LinkedHashMap<>();
    String list = read(loader, ROOT + "files.txt");
    if (list == null) {
      return new WebFiles(files);
    }
    for (String line : list.split("\n")) {
      String name = line.trim();
      if (name.isEmpty() || name.contains("..")) {
        continue;
      }
      byte[] bytes = readBytes(loader, ROOT + name);
      if (bytes != null) {
        files.put("/" + name, file("/" + name, bytes));
      }
    }
    return new WebFiles(files);
  }

  /** A set of files given directly (tests). */
  public static WebFiles of(Map<String, byte[]> contents) {
    Map<String, WebFile> files = new LinkedHashMap<>();
    contents.forEach((path, bytes) -> files.put(path, file(path, bytes)));
    return new WebFiles(files);
  }

  public boolean isEmpty() {
    return files.isEmpty();
  }

  public WebFile get(String path) {
    return files.get(path);
  }

  public WebFile index() {
    return files.get("/index.html");
  }

  private static WebFile file(String path, byte[] bytes) {
    String type = TYPES.getOrDefault(extension(path), "application/octet-stream");
    boolean compressible = type.startsWith("text/") || type.contains("json") || type.contains("svg");
    byte[] gz = compressible ? gzip(bytes) : null;
    Buffer gzipped = gz != null && gz.length < bytes.length ? Buffer.buffer(gz) : null;
    return new WebFile(path, Buffer.buffer(bytes), gzipped, type, "\"" + sha256(bytes) + "\"");
  }

  private static String extension(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(dot + 1);
  }

  private static String read(ClassLoader loader, String name) {
    byte[] bytes = readBytes(loader, name);
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] readBytes(ClassLoader loader, String name) {
    try (InputStream in = loader.getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("the web client's file " + name + " could not be read", e);
    }
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
