package chatpro.directory.keys;

import chatpro.common.config.ChatproConfig;
import chatpro.common.crypto.MasterKey;
import chatpro.common.db.PgPools;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Key rotation from the command line, with the services' own settings ({@code CHATPRO_*}, the master key file
 * among them); docs/operations.md, "Keys", gives the order:
 * <pre>
 *   new-master FILE      make a new master key file (once, for a new deployment)
 *   rotate-master        add a new primary key to the master key file (then restart every service with it)
 *   rewrap               wrap every org key, the master check and the signing keys with the primary
 *   retire-master        drop the earlier master keys from the file (after rewrap)
 *   rotate-org ORG_ID    give one organisation a new key and re-wrap its people's keys
 * </pre>
 */
public final class KeysCommand {
  private KeysCommand() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
    }
    if (args[0].equals("new-master")) {
      if (args.length != 2 || java.nio.file.Files.exists(Path.of(args[1]))) {
        System.err.println("new-master needs the path of a file that does not exist yet");
        System.exit(2);
      }
      System.out.println("made " + MasterKey.createIfMissing(Path.of(args[1])) + "; keep a copy outside the cluster");
      return;
    }
    ChatproConfig config = ChatproConfig.fromEnvironment();
    Path file = Path.of(config.masterKeyFile().isBlank() ? "" : config.masterKeyFile());
    switch (args[0]) {
      case "rotate-master" -> {
        MasterKey rotated = MasterKey.rotate(file);
        System.out.println("the master key file now holds " + rotated.keys() + " keys; restart every service with"
            + " it, then run rewrap");
      }
      case "retire-master" -> {
        MasterKey.retire(file);
        System.out.println("the master key file now holds its primary key only");
      }
      case "rewrap" -> System.out.println("re-wrapped " + withRotation(config,
          rotation -> rotation.rewrap()) + " organisation keys with the master key's primary");
      case "rotate-org" -> {
        if (args.length != 2) {
          usage();
        }
        UUID org = UUID.fromString(args[1]);
        System.out.println("rotated the key of " + org + "; re-wrapped " + withRotation(config,
            rotation -> rotation.rotateOrg(org)) + " people's keys");
      }
      default -> usage();
    }
  }

  private static <T> T withRotation(ChatproConfig config, java.util.function.Function<KeyRotation, Future<T>> work)
      throws Exception {
    Vertx vertx = Vertx.vertx();
    Pool pool = PgPools.create(vertx, config.pg(), "directory");
    try {
      return work.apply(new KeyRotation(pool, MasterKey.load(config.masterKeyFile())))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    } finally {
      pool.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static void usage() {
    System.err.println("usage: KeysCommand new-master FILE | rotate-master | rewrap | retire-master"
        + " | rotate-org ORG_ID");
    System.exit(2);
  }
}
