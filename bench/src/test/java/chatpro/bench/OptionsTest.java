package chatpro.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {
  private static Options parse(String... args) throws Options.UsageException {
    return Options.parse(args, Map.of());
  }

  private static String error(String... args) {
    return assertThrows(Options.UsageException.class, () -> parse(args)).getMessage();
  }

  @Test
  void defaults() throws Exception {
    Options o = parse("--scenario", "direct", "--operator-token", "tok");
    assertEquals(List.of("http://127.0.0.1:8080"), o.targets.stream().map(Options.Target::url).toList());
    assertEquals(Options.Scenario.DIRECT, o.scenario);
    assertEquals(100, o.users);
    assertEquals(1000.0, o.rate);
    assertEquals(30, o.durationSeconds);
    assertEquals(50, o.groupSize);
    assertEquals(1000, o.connections);
    assertEquals(1, o.devicesPerUser);
    assertEquals(150, o.maxSeconds);
    assertEquals("bench-result.json", o.out.toString());
    assertTrue(o.sourceAddresses.isEmpty());
    assertFalse(o.allowRemote);
  }

  @Test
  void everyOption() throws Exception {
    Options o = parse("--target", "http://127.0.0.1:18180,http://localhost:18181/", "--operator-token=t",
        "--scenario", "GROUP", "--users", "20", "--rate", "250.5", "--duration", "2m", "--group-size", "10",
        "--connections", "500", "--devices-per-user", "2", "--source-addresses", "127.0.0.1-127.0.0.3,127.0.1.9",
        "--server-pid", "12,34", "--out", "/tmp/x.json", "--max-seconds", "999", "--org-slug", "load-1");
    assertEquals(2, o.targets.size());
    assertEquals("127.0.0.1", o.targets.get(0).host());
    assertEquals(18181, o.targets.get(1).port());
    assertEquals("http://localhost:18181", o.targets.get(1).url());
    assertEquals(Options.Scenario.GROUP, o.scenario);
    assertEquals(250.5, o.rate);
    assertEquals(120, o.durationSeconds);
    assertEquals(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.1.9"), o.sourceAddresses);
    assertEquals(List.of(12L, 34L), o.serverPids);
    assertEquals(999, o.maxSeconds);
    assertEquals("load-1", o.orgSlug);
    assertEquals(2, o.devicesPerUser);
  }

  @Test
  void operatorTokenFromTheEnvironment() throws Exception {
    Options o = Options.parse(new String[] {"--scenario", "idle"}, Map.of("CHATPRO_OPERATOR_TOKEN", " env "));
    assertEquals("env", o.operatorToken);
    assertTrue(error("--scenario", "idle").contains("operator token"));
  }

  @Test
  void sourceAddressRanges() throws Exception {
    List<String> a = Options.parseSourceAddresses("127.0.0.254-127.0.1.1");
    assertEquals(List.of("127.0.0.254", "127.0.0.255", "127.0.1.0", "127.0.1.1"), a);
    assertEquals(20, Options.parseSourceAddresses("127.0.0.1-127.0.0.20").size());
    assertEquals(List.of("::1"), Options.parseSourceAddresses("[::1]"));
    assertThrows(Options.UsageException.class, () -> Options.parseSourceAddresses("127.0.0.5-127.0.0.1"));
    assertThrows(Options.UsageException.class, () -> Options.parseSourceAddresses("127.0.0.256"));
    assertThrows(Options.UsageException.class, () -> Options.parseSourceAddresses("host.example"));
    assertThrows(Options.UsageException.class, () -> Options.parseSourceAddresses("127.0.0.1,127.0.0.1"));
    assertThrows(Options.UsageException.class, () -> Options.parseSourceAddresses("10.0.0.0-10.2.0.0"));
    assertThrows(Options.UsageException.class, () -> Options.parseSourceAddresses(" , "));
  }

  @Test
  void remoteTargetsNeedAllowRemote() throws Exception {
    assertTrue(error("--scenario", "direct", "--operator-token", "t", "--target", "http://10.1.2.3:8080")
        .contains("--allow-remote"));
    assertTrue(error("--scenario", "direct", "--operator-token", "t", "--target", "http://chat.example.com")
        .contains("--allow-remote"));
    assertTrue(error("--scenario", "direct", "--operator-token", "t", "--source-addresses", "10.0.0.1")
        .contains("--allow-remote"));
    Options o = parse("--scenario", "direct", "--operator-token", "t", "--target", "https://chat.example.com",
        "--allow-remote");
    assertTrue(o.allowRemote);
    assertEquals(443, o.targets.get(0).port());
    assertTrue(o.targets.get(0).tls());
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    String[] base = {"--scenario", "direct", "--operator-token", "t"};
    assertTrue(error(concat(base, "--users", "ten")).contains("--users"));
    assertTrue(error(concat(base, "--users", "0")).contains("--users"));
    assertTrue(error(concat(base, "--rate", "-1")).contains("--rate"));
    assertTrue(error(concat(base, "--rate", "NaN")).contains("--rate"));
    assertTrue(error(concat(base, "--duration", "0")).contains("--duration"));
    assertTrue(error(concat(base, "--duration", "5x")).contains("--duration"));
    assertTrue(error(concat(base, "--group-size", "1025")).contains("--group-size"));
    assertTrue(error(concat(base, "--server-pid", "abc")).contains("--server-pid"));
    assertTrue(error(concat(base, "--target", "ftp://127.0.0.1")).contains("--target"));
    assertTrue(error(concat(base, "--target", "http://127.0.0.1:8080/api")).contains("--target"));
    assertTrue(error(concat(base, "--org-slug", "Bad_Slug")).contains("--org-slug"));
    assertTrue(error(concat(base, "--bogus", "1")).contains("unknown option --bogus"));
    assertTrue(error(concat(base, "--users")).contains("needs a value"));
    assertTrue(error(concat(base, "--users", "5", "--users", "6")).contains("twice"));
    assertTrue(error(concat(base, "stray")).contains("unexpected argument"));
    assertTrue(error("--operator-token", "t").contains("--scenario is required"));
    assertTrue(error("--scenario", "chaos", "--operator-token", "t").contains("--scenario"));
    assertTrue(error("--scenario", "group", "--operator-token", "t", "--users", "10", "--group-size", "20")
        .contains("--group-size"));
    assertTrue(error("--scenario", "direct", "--operator-token", "t", "--users", "1").contains("--users"));
  }

  @Test
  void helpIsRecognisedAnywhere() {
    assertTrue(Options.wantsHelp(new String[] {"--scenario", "x", "--help"}));
    assertFalse(Options.wantsHelp(new String[] {"--scenario", "direct"}));
  }

  @Test
  void loopbackIsDecidedWithoutResolving() {
    assertTrue(Options.isLoopback("localhost"));
    assertTrue(Options.isLoopback("127.0.0.20"));
    assertTrue(Options.isLoopback("::1"));
    assertFalse(Options.isLoopback("128.0.0.1"));
    assertFalse(Options.isLoopback("example.com"));
  }

  @Test
  void theOperatorTokenIsNotDescribed() throws Exception {
    Options o = parse("--scenario", "direct", "--operator-token", "secret-token");
    assertFalse(o.describe().toString().contains("secret-token"));
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void faultsNeedTheDevDataFolderAndTakeKnownTargetsInOrder() throws Exception {
    assertTrue(error("--scenario", "faults", "--operator-token", "t").contains("--dev-data"));
    Options o = parse("--scenario", "faults", "--operator-token", "t", "--dev-data", "/tmp/d",
        "--faults", "kafka, gateway-2,messaging", "--fault-seconds", "5", "--recovery-seconds", "7");
    assertEquals(List.of("kafka", "gateway-2", "messaging"), o.faults);
    assertEquals(5, o.faultSeconds);
    assertEquals(7, o.recoverySeconds);
    assertEquals(List.of("postgres", "kafka", "messaging", "presence", "directory", "media", "gateway-1"),
        parse("--scenario", "faults", "--operator-token", "t", "--dev-data", "/tmp/d").faults);
    assertTrue(error("--scenario", "faults", "--operator-token", "t", "--dev-data", "/tmp/d", "--faults", "redis")
        .contains("redis"));
  }
}
