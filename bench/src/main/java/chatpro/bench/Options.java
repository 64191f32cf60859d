package chatpro.bench;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The command line, checked in full before anything touches the network. */
public final class Options {
  public enum Scenario {
    DIRECT, GROUP, IDLE, RECONNECT, ONBOARDING, RETENTION, EXPORT, SAR, LOGIN_FLOOD, FAULTS;

    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** A gateway base URL. */
  public record Target(String url, String host, int port, boolean tls) {
    public String hostPort() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /** A bad command line: the message says what is wrong; the caller prints it with the usage and exits 2. */
  public static final class UsageException extends Exception {
    public UsageException(String message) {
      super(message);
    }
  }

  public static final String USAGE = String.join("\n",
      "usage: bench/run --scenario direct|group|idle|reconnect|onboarding|retention|export|sar|login-flood|",
      "                 faults [options]",
      "",
      "  --target URL[,URL...]        gateway base URLs; clients are spread over them round-robin",
      "                               (default http://127.0.0.1:8080)",
      "  --operator-token T           operator token (or env CHATPRO_OPERATOR_TOKEN); a fresh org is made per run",
      "  --org-slug S                 slug of that org (default bench-<time>-<random>)",
      "  --users N                    people to create (default 100)",
      "  --rate R                     messages per second, all senders together (default 1000)",
      "  --duration T                 seconds of load, or of holding idle connections (default 30; 90s, 2m work)",
      "  --group-size G               members per group, creator included, 2..1024 (default 50)",
      "  --connections K              sockets for idle and reconnect (default 1000)",
      "  --devices-per-user D         sockets per person in direct and group (default 1)",
      "  --source-addresses LIST      local addresses for client sockets, e.g. 127.0.0.1-127.0.0.20 or a,b,c",
      "  --server-pid PID[,PID]       server processes whose CPU time and RSS are read before and after, each",
      "                               with all its descendants (default with --dev-data: the dev instance's JVM,",
      "                               its child JVMs, and PostgreSQL's postmaster with its backends)",
      "  --out FILE                   JSON result (default bench-result.json)",
      "  --max-seconds S              hard stop of the whole run (default duration+120)",
      "  --allow-remote               allow targets that are not loopback addresses",
      "",
      "  --text-size C                characters per message text (default 64)",
      "  --import-batch B             rows per CSV import call, 1..5000 (default 200)",
      "  --login-parallelism P        logins in flight (default 4)",
      "  --connect-parallelism P      socket connects in flight (default 200; the reconnect storm of the",
      "                               reconnect scenario is always all at once)",
      "  --connect-timeout S          seconds for one connect + auth (default 10)",
      "  --grace S                    seconds to wait for late deliveries at the end (default 5)",
      "  --backlog-per-chat B         reconnect: messages per chat while everyone is connected (default 5)",
      "  --missed-per-chat M          reconnect: messages per chat while everyone is away (default 20)",
      "  --signers S                  onboarding: people who sign in over and over while others are imported",
      "                               (default 20)",
      "  --login-rate R               onboarding: their sign-ins per second, all together (default 5)",
      "  --wrong-logins N             login-flood: wrong logins sent at once (default 300)",
      "  --flood-addresses A          login-flood: client addresses they come from, named in X-Forwarded-For",
      "                               (default 100; the gateways need CHATPRO_TRUSTED_PROXIES=127.0.0.1)",
      "  --archive N                  retention: expired messages written straight into the database (SQL, with",
      "                               CHATPRO_PG_* from the environment) for the sweep to take (default 1000000)",
      "  --archive-chats C            retention: chats they are spread over (default 100)",
      "  --postgres-pid PID           retention, export, sar: the postmaster, whose CPU and its backends' is reported",
      "  --messages N                 export, sar: messages seeded into the exported person's chat (default 100000)",
      "  --media-mb M                 export, sar: MiB of media those messages carry (default 1024; sar uploads",
      "                               them through the API as voice notes, so they are stored encrypted)",
      "  --media-object-mb S          export: MiB per media object (default 8)",
      "  --dev-data DIR               every scenario: the dev instance's processes are the server's (above);",
      "                               export: the dev instance's data folder (its infra.env names the database",
      "                               and the object store the scenario seeds directly); faults: the data folder",
      "                               of a ./chatpro dev --separate instance (its fault switch and Kafka)",
      "  --faults LIST                faults: what goes down, one at a time, in this order (default postgres,",
      "                               kafka,messaging,presence,directory,media,gateway-1); gateway-N, any service",
      "  --fault-seconds S            faults: how long each stays down (default 10)",
      "  --recovery-seconds S         faults: load before the first and after each fault (default 20)",
      "  --help                       this text");

  public final List<Target> targets;
  public final String operatorToken;
  public final String orgSlug;
  public final Scenario scenario;
  public final int users;
  public final double rate;
  public final int durationSeconds;
  public final int groupSize;
  public final int connections;
  public final int devicesPerUser;
  public final List<String> sourceAddresses;
  public final List<Long> serverPids;
  public final Path out;
  public final int maxSeconds;
  public final boolean allowRemote;
  public final int textSize;
  public final int importBatch;
  public final int loginParallelism;
  public final int connectParallelism;
  public final int connectTimeoutSeconds;
  public final int graceSeconds;
  public final int backlogPerChat;
  public final int missedPerChat;
  public final int signers;
  public final double loginRate;
  public final int wrongLogins;
  public final int floodAddresses;
  public final long archiveMessages;
  public final int archiveChats;
  public final long postgresPid;
  public final int messages;
  public final int mediaMb;
  public final int mediaObjectMb;
  public final Path devData;
  public final List<String> faults;
  public final int faultSeconds;
  public final int recoverySeconds;
  private Options(Map<String, String> v, Map<String, String> env) throws UsageException {
    this.targets = parseTargets(v.getOrDefault("target", "http://127.0.0.1:8080"));
    String remote = v.getOrDefault("allow-remote", "false");
    if (!remote.equals("true") && !remote.equals("false")) {
      throw new UsageException("--allow-remote takes no value (or true/false), not " + remote);
    }
    this.allowRemote = remote.equals("true");
    String token = v.get("operator-token");
    if (token == null) {
      token = env.get("CHATPRO_OPERATOR_TOKEN");
    }
    this.operatorToken = token == null ? "" : token.strip();
    this.orgSlug = v.get("org-slug");
    String s = v.get("scenario");
    if (s == null) {
      throw new UsageException("--scenario is required");
    }
    try {
      this.scenario = Scenario.valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--scenario must be direct, group, idle, reconnect, onboarding, retention,"
          + " export, sar, login-flood or faults, not " + s);
    }
    this.users = intOption(v, "users", 100, 1, 1_000_000);
    this.rate = rateOption(v.getOrDefault("rate", "1000"));
    this.durationSeconds = parseDuration(v.getOrDefault("duration", "30"));
    this.groupSize = intOption(v, "group-size", 50, 2, 1024);
    this.connections = intOption(v, "connections", 1000, 1, 10_000_000);
    this.devicesPerUser = intOption(v, "devices-per-user", 1, 1, 1000);
    this.sourceAddresses = v.containsKey("source-addresses")
        ? parseSourceAddresses(v.get("source-addresses")) : List.of();
    this.serverPids = v.containsKey("server-pid") ? parsePids(v.get("server-pid"))
        : v.containsKey("dev-data") ? ProcStats.devInstance(Path.of(v.get("dev-data"))) : List.of();
    this.out = Path.of(v.getOrDefault("out", "bench-result.json"));
    this.maxSeconds = intOption(v, "max-seconds", durationSeconds + 120, 1, 7 * 86_400);
    this.textSize = intOption(v, "text-size", 64, 16, 4096);
    this.importBatch = intOption(v, "import-batch", 200, 1, 5000);
    this.loginParallelism = intOption(v, "login-parallelism", 4, 1, 256);
    this.connectParallelism = intOption(v, "connect-parallelism", 200, 1, 100_000);
    this.connectTimeoutSeconds = intOption(v, "connect-timeout", 10, 1, 600);
    this.graceSeconds = intOption(v, "grace", 5, 0, 600);
    this.backlogPerChat = intOption(v, "backlog-per-chat", 5, 0, 100_000);
    this.missedPerChat = intOption(v, "missed-per-chat", 20, 1, 100_000);
    this.signers = intOption(v, "signers", 20, 1, 10_000);
    this.loginRate = v.containsKey("login-rate") ? rateOption(v.get("login-rate")) : 5;
    this.wrongLogins = intOption(v, "wrong-logins", 300, 1, 100_000);
    this.floodAddresses = intOption(v, "flood-addresses", 100, 1, 65_536);
    this.archiveMessages = intOption(v, "archive", 1_000_000, 1, 100_000_000);
    this.archiveChats = intOption(v, "archive-chats", 100, 1, 100_000);
    this.postgresPid = v.containsKey("postgres-pid") ? parsePids(v.get("postgres-pid")).get(0) : -1;
    this.messages = intOption(v, "messages", 100_000, 1, 10_000_000);
    this.mediaMb = intOption(v, "media-mb", 1024, 0, 100_000);
    this.mediaObjectMb = intOption(v, "media-object-mb", 8, 1, 16);
    this.devData = v.containsKey("dev-data") ? Path.of(v.get("dev-data")) : null;
    this.faults = List.of(v.getOrDefault("faults", "postgres,kafka,messaging,presence,directory,media,gateway-1")
        .split(",")).stream().map(String::strip).filter(f -> !f.isEmpty()).toList();
    for (String f : faults) {
      if (!f.matches("postgres|kafka|directory|messaging|media|presence|gateway-[1-9][0-9]?")) {
        throw new UsageException("--faults: " + f + " is not postgres, kafka, a service or gateway-N");
      }
    }
    this.faultSeconds = intOption(v, "fault-seconds", 10, 1, 3600);
    this.recoverySeconds = intOption(v, "recovery-seconds", 20, 1, 3600);
    if ((scenario == Scenario.EXPORT || scenario == Scenario.SAR || scenario == Scenario.FAULTS)
        && devData == null) {
      throw new UsageException("--dev-data DIR is needed for the " + scenario.label()
          + (scenario == Scenario.FAULTS ? " scenario (its fault switch and Kafka)"
              : " scenario (it seeds the database directly)"));
    }
    check();
  }

  private void check() throws UsageException {
    if (operatorToken.isEmpty()) {
      throw new UsageException("an operator token is needed: --operator-token T or env CHATPRO_OPERATOR_TOKEN");
    }
    if (orgSlug != null && !orgSlug.matches("[a-z][a-z0-9-]{1,39}")) {
      throw new UsageException("--org-slug must be 2-40 characters [a-z0-9-] starting with a letter");
    }
    if (!allowRemote) {
      for (Target t : targets) {
        if (!isLoopback(t.host())) {
          throw new UsageException("target " + t.url() + " is not a loopback address; add --allow-remote to load it");
        }
      }
      for (String a : sourceAddresses) {
        if (!isLoopback(a)) {
          throw new UsageException("source address " + a + " is not a loopback address; add --allow-remote");
        }
      }
    }
    if ((scenario == Scenario.DIRECT || scenario == Scenario.GROUP || scenario == Scenario.RECONNECT
        || scenario == Scenario.RETENTION || scenario == Scenario.FAULTS) && users < 2) {
      throw new UsageException("--users must be at least 2 for " + scenario.label());
    }
    if (scenario == Scenario.GROUP && groupSize > users) {
      throw new UsageException("--group-size " + groupSize + " is larger than --users " + users);
    }
    long messages = (long) Math.ceil(rate * durationSeconds);
    if ((scenario == Scenario.DIRECT || scenario == Scenario.GROUP || scenario == Scenario.FAULTS)
        && messages > 10_000_000L) {
      throw new UsageException("rate x duration is " + messages + " messages; at most 10,000,000 per run");
    }
    long sockets = (long) users * devicesPerUser;
    if ((scenario == Scenario.DIRECT || scenario == Scenario.GROUP) && sockets > 10_000_000L) {
      throw new UsageException("users x devices-per-user is too large: " + sockets);
    }
  }

  /** Parses the command line; {@code env} supplies CHATPRO_OPERATOR_TOKEN when the option is absent. */
  public static Options parse(String[] args, Map<String, String> env) throws UsageException {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException("unexpected argument: " + arg);
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (name.equals("allow-remote")) {
        value = "true";
      } else {
        if (i + 1 >= args.length) {
          throw new UsageException("--" + name + " needs a value");
        }
        value = args[++i];
      }
      if (!KNOWN.contains(name)) {
        throw new UsageException("unknown option --" + name);
      }
      if (values.put(name, value) != null) {
        throw new UsageException("--" + name + " is given twice");
      }
    }
    return new Options(values, env);
  }

  /** True when the command line asks for the usage text (checked before parsing, so it always works). */
  public static boolean wantsHelp(String[] args) {
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h")) {
        return true;
      }
    }
    return false;
  }

  private static final List<String> KNOWN = List.of("target", "operator-token", "org-slug", "scenario", "users",
      "rate", "duration", "group-size", "connections", "devices-per-user", "source-addresses", "server-pid", "out",
      "max-seconds", "allow-remote", "text-size", "import-batch", "login-parallelism", "connect-parallelism",
      "connect-timeout", "grace", "backlog-per-chat", "missed-per-chat", "signers", "login-rate", "wrong-logins",
      "flood-addresses", "archive", "archive-chats", "postgres-pid", "messages", "media-mb", "media-object-mb",
      "dev-data", "faults", "fault-seconds", "recovery-seconds");

  static int intOption(Map<String, String> v, String name, int def, int min, int max) throws UsageException {
    String s = v.get(name);
    if (s == null) {
      return def;
    }
    long n;
    try {
      n = Long.parseLong(s.strip().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a whole number, not " + s);
    }
    if (n < min || n > max) {
      throw new UsageException("--" + name + " must be between " + min + " and " + max + ", not " + s);
    }
    return (int) n;
  }

  static double rateOption(String s) throws UsageException {
    double r;
    try {
      r = Double.parseDouble(s.strip());
    } catch (NumberFormatException e) {
      throw new UsageException("--rate must be a number of messages per second, not " + s);
    }
    if (!(r > 0) || r > 1_000_000 || Double.isNaN(r)) {
      throw new UsageException("--rate must be above 0 and at most 1000000, not " + s);
    }
    return r;
  }

  /** Seconds, with an optional unit: 30, 30s, 2m, 1h. */
  static int parseDuration(String s) throws UsageException {
    String t = s.strip().toLowerCase(Locale.ROOT);
    int factor = 1;
    if (t.endsWith("s")) {
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      factor = 60;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("h")) {
      factor = 3600;
      t = t.substring(0, t.length() - 1);
    }
    long n;
    try {
      n = Long.parseLong(t) * factor;
    } catch (NumberFormatException e) {
      throw new UsageException("--duration must be seconds (30, 90s, 2m, 1h), not " + s);
    }
    if (n < 1 || n > 86_400) {
      throw new UsageException("--duration must be between 1 s and 24 h, not " + s);
    }
    return (int) n;
  }

  static List<Target> parseTargets(String list) throws UsageException {
    List<Target> targets = new ArrayList<>();
    for (String raw : list.split(",")) {
      String url = raw.strip();
      if (url.isEmpty()) {
        continue;
      }
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw new UsageException("--target " + url + " is not a URL");
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new UsageException("--target " + url + " must start with http:// or https://");
      }
      String host = uri.getHost();
      if (host == null || host.isEmpty()) {
        throw new UsageException("--target " + url + " has no host");
      }
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
        throw new UsageException("--target " + url + " must be a base URL without a path");
      }
      boolean tls = scheme.equals("https");
      int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
      String base = scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
      targets.add(new Target(base, host, port, tls));
    }
    if (targets.isEmpty()) {
      throw new UsageException("--target needs at least one URL");
    }
    return List.copyOf(targets);
  }

  /** A list of addresses and IPv4 ranges: {@code 127.0.0.1-127.0.0.20,127.0.1.1}. */
  static List<String> parseSourceAddresses(String list) throws UsageException {
    List<String> out = new ArrayList<>();
    for (String raw : list.split(",")) {
      String item = raw.strip();
      if (item.isEmpty()) {
        continue;
      }
      int dash = item.indexOf('-');
      if (dash >= 0) {
        long from = ipv4(item.substring(0, dash).strip());
        long to = ipv4(item.substring(dash + 1).strip());
        if (from < 0 || to < 0) {
          throw new UsageException("--source-addresses: " + item + " is not an IPv4 range a.b.c.d-e.f.g.h");
        }
        if (to < from) {
          throw new UsageException("--source-addresses: " + item + " ends before it starts");
        }
        if (to - from + 1 + out.size() > 65_536) {
          throw new UsageException("--source-addresses: at most 65536 addresses");
        }
        for (long a = from; a <= to; a++) {
          out.add(ipv4String(a));
        }
      } else if (ipv4(item) >= 0) {
        out.add(ipv4String(ipv4(item)));
      } else if (item.indexOf(':') >= 0 && item.matches("\\[?[0-9A-Fa-f:.]+]?")) {
        out.add(item.replace("[", "").replace("]", ""));
      } else {
        throw new UsageException("--source-addresses: " + item + " is not an IP address or range");
      }
    }
    if (out.isEmpty()) {
      throw new UsageException("--source-addresses needs at least one address");
    }
    if (out.stream().distinct().count() != out.size()) {
      throw new UsageException("--source-addresses names an address twice");
    }
    return List.copyOf(out);
  }

  static List<Long> parsePids(String list) throws UsageException {
    List<Long> pids = new ArrayList<>();
    for (String raw : list.split("[,\\s]+")) {
      if (raw.isBlank()) {
        continue;
      }
      try {
        long pid = Long.parseLong(raw.strip());
        if (pid <= 0) {
          throw new NumberFormatException();
        }
        pids.add(pid);
      } catch (NumberFormatException e) {
        throw new UsageException("--server-pid must be process ids, not " + raw);
      }
    }
    if (pids.isEmpty()) {
      throw new UsageException("--server-pid needs at least one process id");
    }
    return List.copyOf(pids);
  }

  /** The address as a number, or -1 when it is not a dotted IPv4 address. */
  static long ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return -1;
    }
    long value = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        return -1;
      }
      int octet = Integer.parseInt(p);
      if (octet > 255) {
        return -1;
      }
      value = (value << 8) | octet;
    }
    return value;
  }

  static String ipv4String(long a) {
    return ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
  }

  /** Decided from the literal only, so no name is resolved: localhost, 127.0.0.0/8 and ::1. */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    long a = ipv4(h);
    return a >= 0 && (a >> 24) == 127;
  }

  /** The options as they were understood, for the result file (the operator token is left out). */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scenario", scenario.label());
    m.put("targets", targets.stream().map(Target::url).toList());
    m.put("orgSlug", orgSlug);
    m.put("users", users);
    m.put("rate", rate);
    m.put("durationSeconds", durationSeconds);
    m.put("groupSize", groupSize);
    m.put("connections", connections);
    m.put("devicesPerUser", devicesPerUser);
    m.put("sourceAddresses", sourceAddresses.size() > 8
        ? List.of(sourceAddresses.get(0) + " .. " + sourceAddresses.get(sourceAddresses.size() - 1)
            + " (" + sourceAddresses.size() + ")")
        : sourceAddresses);
    m.put("serverPids", serverPids);
    m.put("out", out.toString());
    m.put("maxSeconds", maxSeconds);
    m.put("allowRemote", allowRemote);
    m.put("textSize", textSize);
    m.put("importBatch", importBatch);
    m.put("loginParallelism", loginParallelism);
    m.put("connectParallelism", connectParallelism);
    m.put("connectTimeoutSeconds", connectTimeoutSeconds);
    m.put("graceSeconds", graceSeconds);
    m.put("backlogPerChat", backlogPerChat);
    m.put("missedPerChat", missedPerChat);
    m.put("signers", signers);
    m.put("loginRate", loginRate);
    m.put("wrongLogins", wrongLogins);
    m.put("floodAddresses", floodAddresses);
    m.put("archive", archiveMessages);
    m.put("archiveChats", archiveChats);
    m.put("messages", messages);
    m.put("mediaMb", mediaMb);
    m.put("mediaObjectMb", mediaObjectMb);
    m.put("faults", faults);
    m.put("faultSeconds", faultSeconds);
    m.put("recoverySeconds", recoverySeconds);
    return m;
  }
}
