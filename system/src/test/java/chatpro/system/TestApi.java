package chatpro.system;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** A plain HTTP client of the public API, as any integrator would write it. */
public final class TestApi {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;

  public TestApi(int port) {
    this.port = port;
  }

  public int port() {
    return port;
  }

  /** An answer: status, headers and the body parsed as JSON when it is JSON. */
  public record Answer(int status, String body, HttpResponse<String> raw) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public String errorCode() {
      return json().getJsonObject("error").getString("code");
    }
  }

  public Answer call(String method, String path, String token, Object body) throws Exception {
    return call(method, path, token, body == null ? null : "application/json", body == null ? null : body.toString());
  }

  /** Any request with a body of any type. */
  public Answer call(String method, String path, String token, String contentType, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(120));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      if (contentType != null) {
        b.header("Content-Type", contentType);
      }
      b.method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body(), response);
  }

  public Answer patch(String path, String token, Object body) throws Exception {
    return call("PATCH", path, token, body);
  }

  public Answer put(String path, String token, Object body) throws Exception {
    return call("PUT", path, token, body);
  }

  public Answer get(String path, String token) throws Exception {
    return call("GET", path, token, null);
  }

  public Answer post(String path, String token, Object body) throws Exception {
    return call("POST", path, token, body);
  }

  /** A new organisation with its admin signed in; each test makes its own so tests never share data. */
  public Org newOrg() throws Exception {
    String slug = "org-" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject body = new JsonObject().put("slug", slug).put("name", "Test " + slug)
        .put("admin", new JsonObject().put("username", "admin").put("displayName", "Ada Admin")
            .put("password", "correct horse battery"));
    Answer created = post("/api/v1/orgs", ChatproExtension.OPERATOR_TOKEN, body);
    if (created.status() != 201) {
      throw new AssertionError("org not created: " + created.status() + " " + created.body());
    }
    Session admin = login(slug, "admin", "correct horse battery");
    return new Org(this, slug, created.json().getJsonObject("org").getString("id"), admin);
  }

  public Session login(String org, String username, String password) throws Exception {
    Answer answer = post("/api/v1/auth/login", null,
        new JsonObject().put("org", org).put("username", username).put("password", password));
    if (answer.status() != 200) {
      throw new AssertionError("login failed: " + answer.status() + " " + answer.body());
    }
    JsonObject json = answer.json();
    return new Session(json.getJsonObject("user").getString("id"), json.getString("accessToken"),
        json.getString("refreshToken"));
  }

  /** A signed-in person. */
  public record Session(String userId, String token, String refreshToken) {}

  /** A test organisation and its admin. */
  public record Org(TestApi api, String slug, String id, Session admin) {
    /** Creates a member and signs them in. */
    public Session member(String username) throws Exception {
      create(new JsonObject().put("username", username)
          .put("displayName", username.substring(0, 1).toUpperCase() + username.substring(1)));
      return api.login(slug, username, "password of " + username);
    }

    /** Creates a user with these fields (password: "password of <username>"); answers the User. */
    public JsonObject create(JsonObject fields) throws Exception {
      Answer created = api.post("/api/v1/users", admin.token(),
          fields.copy().put("password", "password of " + fields.getString("username")));
      if (created.status() != 201) {
        throw new AssertionError("user not created: " + created.status() + " " + created.body());
      }
      return created.json();
    }
  }

  public static JsonObject directChat(String otherUserId) {
    return new JsonObject().put("type", "direct").put("members", new JsonArray(List.of(otherUserId)));
  }
}
