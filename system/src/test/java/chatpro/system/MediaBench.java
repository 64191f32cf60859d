package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatpro.devstack.junit.DevStackExtension;
import chatpro.system.TestApi.Session;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The time and CPU of one 10 MiB voice note through the gateway, up and down (not a test that passes or fails on
 * time: it prints figures for docs/performance.md). Run on its own:
 * {@code mvn -B verify -pl system -am -Dtest=MediaBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ExtendWith(ChatproExtension.class)
class MediaBench {
  private static final int ROUNDS = 8;
  private static final int SIZE = 10 * 1024 * 1024;

  @Test
  void tenMebibyteVoiceNoteUpAndDown() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Session ana = api.newOrg().member("ana");
    byte[] filler = new byte[SIZE - MediaIT.fixture("voice.mp3").length];
    new Random(7).nextBytes(filler);
    byte[] voice = MediaAtRestIT.voiceWithTag(filler);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    ProcessHandle s3 = ProcessHandle.of(DevStackExtension.stack().s3().pid()).orElseThrow();
    List<Long> ups = new ArrayList<>();
    List<Long> downs = new ArrayList<>();
    long jvmCpu = 0;
    long s3Cpu = 0;
    for (int i = 0; i <= ROUNDS; i++) {
      long cpu0 = jvmCpu();
      long s30 = cpu(s3);
      long t0 = System.nanoTime();
      HttpResponse<String> up = http.send(HttpRequest.newBuilder(uri(api, "/api/v1/media?kind=voice"))
          .timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + ana.token())
          .header("Content-Type", "audio/mpeg").POST(HttpRequest.BodyPublishers.ofByteArray(voice)).build(),
          HttpResponse.BodyHandlers.ofString());
      long t1 = System.nanoTime();
      assertEquals(201, up.statusCode(), up.body());
      String id = new io.vertx.core.json.JsonObject(up.body()).getString("id");
      HttpResponse<byte[]> down = http.send(HttpRequest.newBuilder(uri(api, "/api/v1/media/" + id))
          .timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + ana.token()).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      long t2 = System.nanoTime();
      assertEquals(200, down.statusCode());
      assertEquals(voice.length, down.body().length);
      if (i > 0) { // the first round warms the JIT and the connections
        ups.add((t1 - t0) / 1_000_000);
        downs.add((t2 - t1) / 1_000_000);
        jvmCpu += jvmCpu() - cpu0;
        s3Cpu += cpu(s3) - s30;
      }
    }
    Collections.sort(ups);
    Collections.sort(downs);
    System.out.printf("MediaBench: 10 MiB voice note, %d rounds: upload ms median %d (min %d, max %d);"
            + " download ms median %d (min %d, max %d); CPU ms per round trip: ChatPro JVM %d, S3Proxy %d%n",
        ROUNDS, ups.get(ROUNDS / 2), ups.get(0), ups.get(ROUNDS - 1), downs.get(ROUNDS / 2), downs.get(0),
        downs.get(ROUNDS - 1), jvmCpu / ROUNDS / 1_000_000, s3Cpu / ROUNDS / 1_000_000);
  }

  /** CPU time of this JVM (every service, both gateways and the test client), in ns. */
  private static long jvmCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long cpu(ProcessHandle process) {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  private static URI uri(TestApi api, String path) {
    return URI.create("http://127.0.0.1:" + api.port() + path);
  }
}
