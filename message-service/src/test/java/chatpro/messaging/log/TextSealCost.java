package chatpro.messaging.log;

import chatpro.common.crypto.MasterKey;
import chatpro.common.crypto.Sealed;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.util.UUID;

/**
 * What sealing costs a message, in CPU time of this thread (not wall time, so other load on the machine does not
 * count): sealing its text as the send path does (copy of the body, AES-256-GCM, base64) and opening it once (the
 * relay on the way to Kafka). Not a test; docs/performance.md, "Encryption at rest", gives the numbers and how to run
 * it.
 */
public final class TextSealCost {
  private TextSealCost() {}

  public static void main(String[] args) throws Exception {
    MasterKey.createIfMissing(Files.createTempDirectory("seal-cost").resolve("k.json"));
    Aead key = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
        .getPrimitive(RegistryConfiguration.get(), Aead.class);
    String text = "The 07:00 delivery is late, the loading bay is free from half past; please tell the kitchen.";
    JsonObject body = new JsonObject().put("messageId", UUID.randomUUID().toString()).put("senderId", "x")
        .put("kind", "text").put("text", text).put("sentAt", "2026-12-01T08:00:00Z");
    String context = "chatpro.text:" + UUID.randomUUID() + ":" + UUID.randomUUID() + ":" + UUID.randomUUID();
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 5; round++) {
      int n = 200_000;
      long started = cpu.getCurrentThreadCpuTime();
      long checksum = 0;
      for (int i = 0; i < n; i++) {
        JsonObject stored = body.copy();
        String plain = (String) stored.remove("text");
        String sealed = Sealed.seal(key, plain, context);
        stored.put("sealed", new JsonObject().put("by", "x").put("data", sealed));
        checksum += Sealed.open(key, stored.getJsonObject("sealed").getString("data"), context).length();
      }
      long nanos = cpu.getCurrentThreadCpuTime() - started;
      System.out.printf("round %d: %.2f µs CPU per message (seal + open, %d-character text), checksum %d%n",
          round + 1, nanos / 1_000.0 / n, text.length(), checksum);
    }
  }
}
