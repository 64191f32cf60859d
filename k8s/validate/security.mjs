// The security boundary of Kafka, PostgreSQL and the object store in one rendered kustomization (validate.mjs calls
// these): every Kafka client logs in as its own KafkaUser over TLS, every service as its own PostgreSQL roles over
// TLS (verify-full), integrators only read, the Kafka pods admit only ChatPro's services and integrators, and the
// gateway holds no database, Kafka or object-store setting at all.

import { readFileSync, existsSync } from "node:fs";

const KAFKA_OPERATIONS = new Set(["Read", "Write", "Create", "Delete", "Alter", "Describe", "ClusterAction",
  "AlterConfigs", "DescribeConfigs", "IdempotentWrite", "All"]);
const READ_ONLY = new Set(["Read", "Describe"]);
const INTEGRATOR = "chatpro-integrator";
const GATEWAY = "gateway-service";
const OBJECT_STORE_USER = "media-service";

// Topics.java marks ChatPro's internal topics with "Internal:" in their comment; integrators get none of them.
const INTERNAL_TOPICS = (() => {
  const url = new URL("../../common/src/main/java/chatpro/common/kafka/Topics.java", import.meta.url);
  if (!existsSync(url)) return new Set();
  return new Set([...readFileSync(url, "utf8").matchAll(/Internal:[^;]*?=\s*"([^"]+)"/gs)].map((m) => m[1]));
})();

/** A Kubernetes label selector (matchLabels and matchExpressions) against a set of labels. */
export function matches(selector, labels = {}) {
  if (!selector) return false;
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every((e) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case "In": return has && (e.values ?? []).includes(labels[e.key]);
      case "NotIn": return !has || !(e.values ?? []).includes(labels[e.key]);
      case "Exists": return has;
      case "DoesNotExist": return !has;
      default: return false;
    }
  });
  return byLabel && byExpression;
}

export function checkKafkaUser(o, { named, problem, TOPICS }) {
  const cluster = o.metadata?.labels?.["strimzi.io/cluster"];
  if (!cluster || !named("Kafka", cluster)) problem(o, `label strimzi.io/cluster (${cluster}) must name a Kafka in the same render`);
  if (o.spec?.authentication?.type !== "scram-sha-512") problem(o, "spec.authentication.type must be scram-sha-512");
  if (o.spec?.authorization?.type !== "simple") problem(o, "spec.authorization.type must be simple (ACLs)");
  const acls = o.spec?.authorization?.acls ?? [];
  if (acls.length === 0) problem(o, "has no ACLs: it could do nothing, or (without authorization) everything");
  for (const [i, acl] of acls.entries()) {
    const r = acl?.resource ?? {};
    if (!["topic", "group", "cluster", "transactionalId"].includes(r.type)) problem(o, `acls[${i}].resource.type ${r.type} is not a Strimzi ACL resource type`);
    if (r.type !== "cluster" && (!r.name || r.name === "*")) problem(o, `acls[${i}] names no resource or every one ("*")`);
    if (r.type === "topic" && (r.patternType ?? "literal") === "literal" && TOPICS && !TOPICS.has(r.name)) problem(o, `acls[${i}]: ${r.name} is not one of ChatPro's topics`);
    const ops = acl?.operations ?? [];
    if (ops.length === 0 || !ops.every((op) => KAFKA_OPERATIONS.has(op))) problem(o, `acls[${i}].operations must list Kafka ACL operations`);
    if (ops.includes("All")) problem(o, `acls[${i}]: All is more than any ChatPro client needs`);
    if (o.metadata?.name === INTEGRATOR) {
      if (!ops.every((op) => READ_ONLY.has(op))) problem(o, `acls[${i}]: integrators may only Read and Describe`);
      if (r.type === "topic" && INTERNAL_TOPICS.has(r.name)) problem(o, `acls[${i}]: ${r.name} is internal to ChatPro`);
    }
  }
}

export function checkDatabase(o, { named, problem }) {
  const cluster = named("Cluster", o.spec?.cluster?.name);
  if (!cluster) problem(o, `spec.cluster.name (${o.spec?.cluster?.name}) must name a CloudNativePG Cluster in the same render`);
  if (!o.spec?.name || !o.spec?.owner) problem(o, "spec.name and spec.owner are required");
  const roles = new Set((cluster?.spec?.managed?.roles ?? []).map((r) => r.name));
  for (const schema of o.spec?.schemas ?? []) {
    if (!schema?.name) problem(o, "every schema needs a name");
    if (cluster && !roles.has(schema?.owner)) problem(o, `schema ${schema?.name}: its owner ${schema?.owner} is not a managed role of ${cluster.metadata.name}`);
  }
}

// What one pod template's container reads: ConfigMap values, literal env values, and "secret NAME/KEY" for env
// from Secrets; and where it mounts which Secret.
function settingsOf(template, named) {
  const settings = {};
  const secrets = {};
  const mounts = [];
  for (const c of template.spec?.containers ?? []) {
    for (const e of c.envFrom ?? []) {
      if (e.configMapRef) Object.assign(settings, named("ConfigMap", e.configMapRef.name)?.data ?? {});
    }
    for (const e of c.env ?? []) {
      if (e.value !== undefined) settings[e.name] = e.value;
      const ref = e.valueFrom?.secretKeyRef;
      if (ref) {
        settings[e.name] = `secret ${ref.name}/${ref.key}`;
        secrets[e.name] = ref;
      }
    }
    const volumes = new Map((template.spec?.volumes ?? []).map((v) => [v.name, v]));
    for (const m of c.volumeMounts ?? []) mounts.push({ path: m.mountPath, secret: volumes.get(m.name)?.secret?.secretName });
  }
  return { settings, secrets, mounts };
}

const mountedFrom = (mounts, file, secret) =>
  typeof file === "string" && mounts.some((m) => m.secret === secret && file.startsWith(`${m.path.replace(/\/$/, "")}/`));

function checkKafkaCluster(kafka, { byKind, problem, podTemplates }) {
  const listeners = kafka.spec?.kafka?.listeners ?? [];
  for (const l of listeners) {
    if (l.tls !== true) problem(kafka, `listener ${l.name} must use TLS`);
    if (l.authentication?.type !== "scram-sha-512") problem(kafka, `listener ${l.name} must log clients in with scram-sha-512`);
  }
  if (kafka.spec?.kafka?.authorization?.type !== "simple") problem(kafka, "spec.kafka.authorization.type must be simple, so that KafkaUsers' ACLs hold");
  if (!kafka.spec?.entityOperator?.userOperator) problem(kafka, "KafkaUsers need spec.entityOperator.userOperator");
  const brokerLabels = { "strimzi.io/cluster": kafka.metadata.name, "strimzi.io/kind": "Kafka" };
  const policies = byKind("NetworkPolicy").filter((p) => matches(p.spec?.podSelector, brokerLabels));
  if (policies.length === 0) {
    problem(kafka, "no NetworkPolicy selects its pods (strimzi.io/cluster, strimzi.io/kind: Kafka)");
    return;
  }
  const rules = policies.flatMap((p) => (p.spec?.ingress ?? []).map((r) => ({ p, r })));
  for (const l of listeners) {
    const admitting = rules.filter(({ r }) => (r.ports ?? []).some((x) => x.port === l.port));
    if (admitting.length === 0) problem(kafka, `no NetworkPolicy admits its listener ${l.name} (${l.port})`);
    for (const { p, r } of admitting) {
      if (!(r.from ?? []).length) problem(p, `admits Kafka's port ${l.port} from anywhere`);
    }
    const peers = admitting.flatMap(({ r }) => r.from ?? []);
    for (const { owner, template } of podTemplates()) {
      const labels = template.metadata?.labels ?? {};
      if (labels["app.kubernetes.io/part-of"] !== "chatpro") continue;
      const admitted = peers.some((peer) => !peer.namespaceSelector && matches(peer.podSelector, labels));
      const isGateway = labels["app.kubernetes.io/name"] === GATEWAY;
      if (isGateway && admitted) problem(kafka, `its listener ${l.port} admits the gateway's pods, which use no Kafka`);
      if (!isGateway && !admitted) problem(kafka, `its listener ${l.port} does not admit the pods of Deployment/${owner.metadata.name}`);
    }
  }
}

function checkKafkaClient(owner, kafka, { settings, secrets, mounts }, { named, problem }) {
  if (settings.CHATPRO_KAFKA_SECURITY_PROTOCOL !== "SASL_SSL") problem(owner, "CHATPRO_KAFKA_SECURITY_PROTOCOL must be SASL_SSL");
  if ((settings.CHATPRO_KAFKA_SASL_MECHANISM ?? "SCRAM-SHA-512") !== "SCRAM-SHA-512") problem(owner, "CHATPRO_KAFKA_SASL_MECHANISM must be SCRAM-SHA-512 (the KafkaUsers' mechanism)");
  const username = settings.CHATPRO_KAFKA_USERNAME;
  const user = named("KafkaUser", username);
  if (!user) problem(owner, `CHATPRO_KAFKA_USERNAME (${username}) must name a rendered KafkaUser`);
  if (username === INTEGRATOR) problem(owner, `logs in to Kafka as the integrators' user`);
  const password = secrets.CHATPRO_KAFKA_PASSWORD;
  if (!password || password.name !== username || password.key !== "password") problem(owner, `CHATPRO_KAFKA_PASSWORD must come from the KafkaUser's Secret ${username} (key password)`);
  if (!mountedFrom(mounts, settings.CHATPRO_KAFKA_TRUSTSTORE, `${kafka.metadata.name}-cluster-ca-cert`)) {
    problem(owner, `CHATPRO_KAFKA_TRUSTSTORE (${settings.CHATPRO_KAFKA_TRUSTSTORE}) must be a file of the mounted Secret ${kafka.metadata.name}-cluster-ca-cert`);
  }
  return username;
}

function checkPgClient(owner, cluster, { settings, secrets, mounts }, { byKind, problem }) {
  if (settings.CHATPRO_PG_SSLMODE !== "verify-full") problem(owner, "CHATPRO_PG_SSLMODE must be verify-full");
  if (!mountedFrom(mounts, settings.CHATPRO_PG_SSL_ROOT_CERT, `${cluster.metadata.name}-ca`)) {
    problem(owner, `CHATPRO_PG_SSL_ROOT_CERT (${settings.CHATPRO_PG_SSL_ROOT_CERT}) must be a file of the mounted Secret ${cluster.metadata.name}-ca`);
  }
  if (settings.CHATPRO_PG_HOST !== `${cluster.metadata.name}-rw`) problem(owner, `CHATPRO_PG_HOST must be ${cluster.metadata.name}-rw, a name its server certificate holds`);
  const roles = new Map((cluster.spec?.managed?.roles ?? []).map((r) => [r.name, r]));
  const owned = new Set(byKind("Database").filter((d) => d.spec?.cluster?.name === cluster.metadata.name)
    .flatMap((d) => (d.spec?.schemas ?? []).map((s) => s.owner)));
  for (const [user, pass, mustOwn] of [["CHATPRO_PG_USER", "CHATPRO_PG_PASSWORD", false], ["CHATPRO_PG_OWNER_USER", "CHATPRO_PG_OWNER_PASSWORD", true]]) {
    const name = settings[user];
    const role = roles.get(name);
    if (!role || role.login !== true || !role.passwordSecret?.name) {
      problem(owner, `${user} (${name}) must be a managed login role of ${cluster.metadata.name} with a passwordSecret`);
      continue;
    }
    if (secrets[pass]?.name !== role.passwordSecret.name) problem(owner, `${pass} must come from ${role.passwordSecret.name}, the Secret of role ${name}`);
    if (mustOwn && !owned.has(name)) problem(owner, `${user} ${name} owns no schema of a Database of ${cluster.metadata.name}`);
    if (!mustOwn && owned.has(name)) problem(owner, `${user} ${name} owns schemas: the role a service runs as must not`);
  }
  if (settings.CHATPRO_PG_USER === settings.CHATPRO_PG_OWNER_USER) problem(owner, "runs as the role that owns its schemas");
  return [settings.CHATPRO_PG_USER, settings.CHATPRO_PG_OWNER_USER];
}

export function checkBoundary({ byKind, named, problem, podTemplates }) {
  const kafka = byKind("Kafka")[0];
  const cluster = byKind("Cluster")[0];
  if (kafka) checkKafkaCluster(kafka, { byKind, problem, podTemplates });
  const kafkaUsers = new Map();
  const pgRoles = new Map();
  for (const { owner, template } of podTemplates()) {
    if (template.metadata?.labels?.["app.kubernetes.io/part-of"] !== "chatpro") continue;
    const read = settingsOf(template, named);
    const app = template.metadata?.labels?.["app.kubernetes.io/name"];
    if (app === GATEWAY) {
      for (const key of Object.keys(read.settings)) {
        if (/^CHATPRO_(PG|S3|KAFKA)_/.test(key)) problem(owner, `the gateway reaches no database, Kafka or object store, yet gets ${key}`);
      }
      for (const m of read.mounts) {
        if (m.secret && /-ca$|-ca-cert$|minio|^chatpro-pg-/.test(m.secret)) problem(owner, `the gateway mounts the platform Secret ${m.secret}`);
      }
      continue;
    }
    if (app !== OBJECT_STORE_USER && (read.settings.CHATPRO_S3_ACCESS_KEY || read.settings.CHATPRO_S3_SECRET_KEY)) {
      problem(owner, "only media-service holds the object store's keys");
    }
    if (kafka) {
      const user = checkKafkaClient(owner, kafka, read, { named, problem });
      if (kafkaUsers.has(user)) problem(owner, `shares the KafkaUser ${user} with Deployment/${kafkaUsers.get(user)}`);
      kafkaUsers.set(user, owner.metadata.name);
    }
    if (cluster) {
      for (const role of checkPgClient(owner, cluster, read, { byKind, problem })) {
        if (pgRoles.has(role)) problem(owner, `shares the PostgreSQL role ${role} with Deployment/${pgRoles.get(role)}`);
        pgRoles.set(role, owner.metadata.name);
      }
    }
  }
}
