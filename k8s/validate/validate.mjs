// Offline check of one rendered kustomization (the output of `kubectl kustomize DIR`).
//
//   node validate.mjs LABEL FILE        (FILE "-" reads standard input)
//
// 1. Every Kubernetes object is validated against its schema (kubernetes-models: types, formats, required fields;
//    unknown fields are not reported).
// 2. Strimzi, CloudNativePG and MinIO resources, which kubernetes-models does not know, get the checks below by hand.
// 3. ChatPro's own rules: the pod hardening, probes and resources every service needs, references that must
//    resolve (ConfigMaps, ServiceAccounts, Services, PDBs), CHATPRO_* names that exist, and settings that agree with
//    the Services, NetworkPolicies and platform resources they name.
// Prints each problem and exits 1 if there is any.

import { readFileSync, existsSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { checkKafkaUser, checkDatabase, checkBoundary } from "./security.mjs";

const [label, file] = process.argv.slice(2);
if (!label || !file) {
  console.error("usage: node validate.mjs LABEL FILE|-");
  process.exit(2);
}

const problems = [];
const problem = (obj, message) => problems.push(`${obj ? describe(obj) + ": " : ""}${message}`);
const describe = (o) => `${o?.kind ?? "?"}/${o?.metadata?.name ?? "?"}`;

// ---------------------------------------------------------------------------------------------------- parsing
const text = readFileSync(file === "-" ? 0 : file, "utf8");
const objects = [];
for (const doc of parseAllDocuments(text)) {
  if (doc.errors.length > 0) {
    problems.push(`YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
    continue;
  }
  const value = doc.toJS();
  if (value === null || value === undefined) continue;
  if (typeof value !== "object" || Array.isArray(value)) {
    problems.push("YAML: a document is not an object");
    continue;
  }
  objects.push(value);
}
if (objects.length === 0) problems.push("no objects rendered");

// ---------------------------------------------------------------------------------------------------- helpers
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[numkMGTPE]|[KMGTPE]i)?$/;
const CLUSTER_SCOPED = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
  "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass"]);

const byKind = (kind) => objects.filter((o) => o.kind === kind);
const named = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
const isInt = (v) => Number.isInteger(v);
const asInt = (v) => (typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v);
const selects = (selector, labels) =>
  selector && Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => (labels ?? {})[k] === v);
const podTemplates = () => byKind("Deployment").map((d) => ({ owner: d, template: d.spec?.template ?? {} }));
const containersOf = (template) => template.spec?.containers ?? [];

// The CHATPRO_* names the services read and the topic names they use, from the sources next to k8s/.
function namesIn(relative, pattern) {
  const url = new URL(relative, import.meta.url);
  if (!existsSync(url)) return null;
  return new Set([...readFileSync(url, "utf8").matchAll(pattern)].map((m) => m[1]));
}
const SETTINGS = namesIn("../../common/src/main/java/chatpro/common/config/ChatproConfig.java", /"(CHATPRO_[A-Z0-9_]+)"/g);
const TOPICS = namesIn("../../common/src/main/java/chatpro/common/kafka/Topics.java", /=\s*"([A-Za-z0-9._-]+)"/g);
const notes = [];
if (!SETTINGS) notes.push("ChatproConfig.java not found next to k8s/: CHATPRO_* names not checked");
if (!TOPICS) notes.push("Topics.java not found next to k8s/: topic names not checked");

// ---------------------------------------------------------------------------------------------------- 1. schemas
const models = new Map();
async function modelFor(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (!models.has(key)) {
    let model = null;
    try {
      model = (await import(`kubernetes-models/${apiVersion}`))[kind] ?? null;
    } catch {
      model = null;
    }
    models.set(key, model);
  }
  return models.get(key);
}

function schemaErrors(error) {
  const details = error?.errors;
  if (Array.isArray(details) && details.length > 0) {
    return details.map((d) => `${d.instancePath || "/"} ${d.message}`);
  }
  return [String(error?.message ?? error)];
}

// Validates part of a custom resource with a Kubernetes model (e.g. resources, security contexts).
async function validatePart(obj, path, apiVersion, kind, value) {
  if (value === undefined) return;
  const Model = await modelFor(apiVersion, kind);
  try {
    new Model(value).validate();
  } catch (e) {
    for (const line of schemaErrors(e)) problem(obj, `${path}: ${line}`);
  }
}

// ---------------------------------------------------------------------------------------------------- 2. custom resources
const crChecks = {
  "kafka.strimzi.io/v1beta2/Kafka": async (o) => {
    const listeners = o.spec?.kafka?.listeners;
    if (!Array.isArray(listeners) || listeners.length === 0) problem(o, "spec.kafka.listeners is required");
    for (const [i, l] of (listeners ?? []).entries()) {
      if (!/^[a-z0-9]{1,11}$/.test(l?.name ?? "")) problem(o, `listeners[${i}].name must be 1-11 lower-case letters or digits`);
      if (!isInt(l?.port) || l.port < 9092 || l.port === 9404 || l.port === 9999) problem(o, `listeners[${i}].port must be an integer >= 9092 (not 9404 or 9999)`);
      if (!["internal", "route", "loadbalancer", "nodeport", "ingress", "cluster-ip"].includes(l?.type)) problem(o, `listeners[${i}].type is not a Strimzi listener type`);
      if (typeof l?.tls !== "boolean") problem(o, `listeners[${i}].tls must be true or false`);
    }
    const pools = byKind("KafkaNodePool").filter((p) => p.metadata?.labels?.["strimzi.io/cluster"] === o.metadata?.name);
    if (!pools.some((p) => p.spec?.roles?.includes("controller"))) problem(o, "no KafkaNodePool with the controller role (KRaft)");
    if (!pools.some((p) => p.spec?.roles?.includes("broker"))) problem(o, "no KafkaNodePool with the broker role");
    for (const a of ["strimzi.io/kraft", "strimzi.io/node-pools"]) {
      if (o.metadata?.annotations?.[a] !== "enabled") problem(o, `annotation ${a}: enabled is required`);
    }
    if (o.spec?.zookeeper) problem(o, "spec.zookeeper: this cluster runs in KRaft mode");
    const brokers = brokerCount(o.metadata?.name);
    const config = o.spec?.kafka?.config ?? {};
    const minIsr = asInt(config["min.insync.replicas"] ?? 1);
    for (const key of ["default.replication.factor", "offsets.topic.replication.factor", "transaction.state.log.replication.factor"]) {
      const rf = asInt(config[key]);
      if (rf !== undefined && (!isInt(rf) || rf > brokers)) problem(o, `${key} (${config[key]}) must be an integer <= the ${brokers} broker(s)`);
      if (rf !== undefined && isInt(rf) && minIsr > rf) problem(o, `min.insync.replicas (${minIsr}) is larger than ${key} (${rf})`);
    }
    if (byKind("KafkaTopic").length > 0 && !o.spec?.entityOperator?.topicOperator) problem(o, "KafkaTopics need spec.entityOperator.topicOperator");
    await validatePart(o, "spec.kafka.resources", "v1", "ResourceRequirements", o.spec?.kafka?.resources);
  },
  "kafka.strimzi.io/v1beta2/KafkaNodePool": async (o) => {
    const cluster = o.metadata?.labels?.["strimzi.io/cluster"];
    if (!cluster || !named("Kafka", cluster)) problem(o, `label strimzi.io/cluster (${cluster}) must name a Kafka in the same render`);
    if (!isInt(o.spec?.replicas) || o.spec.replicas < 1) problem(o, "spec.replicas must be an integer >= 1");
    const roles = o.spec?.roles;
    if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r) => r === "controller" || r === "broker")) problem(o, "spec.roles must list controller and/or broker");
    checkStrimziStorage(o, o.spec?.storage);
    await validatePart(o, "spec.resources", "v1", "ResourceRequirements", o.spec?.resources);
  },
  "kafka.strimzi.io/v1beta2/KafkaTopic": async (o) => {
    const cluster = o.metadata?.labels?.["strimzi.io/cluster"];
    if (!cluster || !named("Kafka", cluster)) problem(o, `label strimzi.io/cluster (${cluster}) must name a Kafka in the same render`);
    const topic = o.spec?.topicName ?? o.metadata?.name;
    if (!/^[A-Za-z0-9._-]{1,249}$/.test(topic ?? "")) problem(o, `topic name ${topic} is not a valid Kafka topic name`);
    if (!isInt(o.spec?.partitions) || o.spec.partitions < 1) problem(o, "spec.partitions must be an integer >= 1");
    const brokers = brokerCount(cluster);
    if (!isInt(o.spec?.replicas) || o.spec.replicas < 1 || o.spec.replicas > brokers) problem(o, `spec.replicas must be an integer from 1 to the ${brokers} broker(s)`);
    const minIsr = asInt(o.spec?.config?.["min.insync.replicas"]);
    if (minIsr !== undefined && (!isInt(minIsr) || minIsr > o.spec?.replicas)) problem(o, "config min.insync.replicas must not exceed spec.replicas");
    const retention = o.spec?.config?.["retention.ms"];
    if (retention !== undefined && !isInt(asInt(retention))) problem(o, "config retention.ms must be a whole number of milliseconds");
  },
  "kafka.strimzi.io/v1beta2/KafkaUser": async (o) => checkKafkaUser(o, { named, problem, TOPICS }),
  "postgresql.cnpg.io/v1/Database": async (o) => checkDatabase(o, { named, problem }),
  "postgresql.cnpg.io/v1/Cluster": async (o) => {
    if (!isInt(o.spec?.instances) || o.spec.instances < 1) problem(o, "spec.instances must be an integer >= 1");
    if (!QUANTITY.test(String(o.spec?.storage?.size ?? "")) && !o.spec?.storage?.pvcTemplate) problem(o, "spec.storage.size must be a quantity, e.g. 20Gi");
    const initdb = o.spec?.bootstrap?.initdb;
    if (!initdb?.database || !initdb?.owner) problem(o, "spec.bootstrap.initdb needs database and owner");
    for (const [k, v] of Object.entries(o.spec?.postgresql?.parameters ?? {})) {
      if (typeof v !== "string") problem(o, `postgresql.parameters.${k} must be a string (quote it)`);
    }
    await validatePart(o, "spec.resources", "v1", "ResourceRequirements", o.spec?.resources);
  },
  "minio.min.io/v2/Tenant": async (o) => {
    const pools = o.spec?.pools;
    if (!Array.isArray(pools) || pools.length === 0) problem(o, "spec.pools is required");
    for (const [i, p] of (pools ?? []).entries()) {
      if (!isInt(p?.servers) || p.servers < 1) problem(o, `pools[${i}].servers must be an integer >= 1`);
      if (!isInt(p?.volumesPerServer) || p.volumesPerServer < 1) problem(o, `pools[${i}].volumesPerServer must be an integer >= 1`);
      if (isInt(p?.servers) && isInt(p?.volumesPerServer) && p.servers * p.volumesPerServer < 4) problem(o, `pools[${i}] needs at least 4 volumes in all`);
      if (!p?.volumeClaimTemplate) problem(o, `pools[${i}].volumeClaimTemplate is required`);
      else await validatePart(o, `pools[${i}].volumeClaimTemplate`, "v1", "PersistentVolumeClaim", p.volumeClaimTemplate);
      if (!QUANTITY.test(String(p?.volumeClaimTemplate?.spec?.resources?.requests?.storage ?? ""))) problem(o, `pools[${i}] volumeClaimTemplate needs a storage request`);
      await validatePart(o, `pools[${i}].resources`, "v1", "ResourceRequirements", p?.resources);
      await validatePart(o, `pools[${i}].securityContext`, "v1", "PodSecurityContext", p?.securityContext);
      await validatePart(o, `pools[${i}].containerSecurityContext`, "v1", "SecurityContext", p?.containerSecurityContext);
    }
    if (!o.spec?.configuration?.name) problem(o, "spec.configuration.name (the root credentials Secret) is required");
    for (const u of o.spec?.users ?? []) if (!DNS_SUBDOMAIN.test(u?.name ?? "")) problem(o, `users: ${u?.name} is not a Secret name`);
    for (const b of o.spec?.buckets ?? []) {
      if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(b?.name ?? "")) problem(o, `buckets: ${b?.name} is not a valid bucket name`);
    }
  },
  "cert-manager.io/v1/Issuer": async (o) => {
    const kinds = ["selfSigned", "ca", "acme", "vault", "venafi"].filter((k) => o.spec?.[k] !== undefined);
    if (kinds.length !== 1) problem(o, "an Issuer needs exactly one of selfSigned, ca, acme, vault, venafi");
    if (o.spec?.ca && !DNS_SUBDOMAIN.test(o.spec.ca.secretName ?? "")) problem(o, "spec.ca.secretName must name a Secret");
    if (o.spec?.ca && !byKind("Certificate").some((c) => c.spec?.isCA && c.spec?.secretName === o.spec.ca.secretName)) {
      problem(o, `no CA Certificate in the render writes ${o.spec.ca.secretName}`);
    }
  },
  "cert-manager.io/v1/Certificate": async (o) => {
    if (!DNS_SUBDOMAIN.test(o.spec?.secretName ?? "")) problem(o, "spec.secretName must name a Secret");
    const ref = o.spec?.issuerRef;
    if ((ref?.kind ?? "Issuer") === "Issuer" && !named("Issuer", ref?.name)) problem(o, `issuerRef Issuer ${ref?.name} is not rendered`);
    if (!o.spec?.isCA) {
      // The event bus's certificate: Vert.x reads PKCS#8 keys, and a member is both a TLS server and a client.
      if (o.spec?.privateKey?.encoding !== "PKCS8") problem(o, "spec.privateKey.encoding must be PKCS8 (Vert.x reads PKCS#8 PEM)");
      for (const u of ["server auth", "client auth"]) if (!(o.spec?.usages ?? []).includes(u)) problem(o, `spec.usages needs "${u}"`);
    }
  },
};

function brokerCount(cluster) {
  return byKind("KafkaNodePool")
    .filter((p) => p.metadata?.labels?.["strimzi.io/cluster"] === cluster && p.spec?.roles?.includes("broker"))
    .reduce((n, p) => n + (isInt(p.spec?.replicas) ? p.spec.replicas : 0), 0);
}

function checkStrimziStorage(o, storage) {
  const volumes = storage?.type === "jbod" ? storage.volumes : [storage];
  if (!["jbod", "persistent-claim", "ephemeral"].includes(storage?.type)) problem(o, "spec.storage.type must be jbod, persistent-claim or ephemeral");
  if (!Array.isArray(volumes) || volumes.length === 0) problem(o, "spec.storage.volumes must not be empty");
  for (const v of volumes ?? []) {
    if (!["persistent-claim", "ephemeral"].includes(v?.type)) problem(o, "every storage volume must be persistent-claim or ephemeral");
    if (v?.type === "persistent-claim" && !QUANTITY.test(String(v.size ?? ""))) problem(o, "a persistent-claim volume needs a size, e.g. 20Gi");
  }
}

// ---------------------------------------------------------------------------------------------------- 3. ChatPro rules
function checkGeneral() {
  const seen = new Set();
  const namespaces = new Set();
  for (const o of objects) {
    if (typeof o.apiVersion !== "string" || typeof o.kind !== "string") {
      problem(o, "apiVersion and kind are required");
      continue;
    }
    const name = o.metadata?.name;
    if (typeof name !== "string" || !DNS_SUBDOMAIN.test(name) || name.length > 253) problem(o, "metadata.name must be a DNS subdomain name");
    const key = `${o.apiVersion.split("/").slice(0, -1).join("/")}|${o.kind}|${o.metadata?.namespace ?? ""}|${name}`;
    if (seen.has(key)) problem(o, "defined twice");
    seen.add(key);
    if (!CLUSTER_SCOPED.has(o.kind)) namespaces.add(o.metadata?.namespace ?? "(none)");
  }
  if (namespaces.size > 1) problems.push(`objects are spread over namespaces ${[...namespaces].join(", ")}`);
  const ns = byKind("Namespace");
  if (ns.length > 0 && namespaces.size === 1 && !ns.some((n) => namespaces.has(n.metadata?.name))) {
    problems.push(`the Namespace rendered (${ns.map((n) => n.metadata?.name)}) is not the one the objects are in`);
  }
}

function checkReferences() {
  for (const { owner, template } of podTemplates()) {
    if (!selects(owner.spec?.selector?.matchLabels, template.metadata?.labels)) problem(owner, "spec.selector.matchLabels does not match the pod template's labels");
    const sa = template.spec?.serviceAccountName;
    if (sa && !named("ServiceAccount", sa)) problem(owner, `serviceAccountName ${sa} is not rendered`);
    const volumes = new Set((template.spec?.volumes ?? []).map((v) => v.name));
    for (const c of containersOf(template)) {
      for (const m of c.volumeMounts ?? []) if (!volumes.has(m.name)) problem(owner, `container ${c.name} mounts the undefined volume ${m.name}`);
      for (const e of c.envFrom ?? []) {
        if (e.configMapRef && !named("ConfigMap", e.configMapRef.name)) problem(owner, `envFrom ConfigMap ${e.configMapRef.name} is not rendered`);
      }
      const portNames = new Set((c.ports ?? []).map((p) => p.name));
      for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
        const port = c[probe]?.tcpSocket?.port ?? c[probe]?.httpGet?.port;
        if (typeof port === "string" && !portNames.has(port)) problem(owner, `${probe} names the port ${port}, which container ${c.name} does not declare`);
      }
    }
  }
  for (const s of byKind("Service")) {
    if (!s.spec?.selector) continue;
    const pods = podTemplates().filter(({ template }) => selects(s.spec.selector, template.metadata?.labels));
    if (pods.length === 0) problem(s, "its selector matches no pod template");
    for (const p of s.spec?.ports ?? []) {
      if (typeof p.targetPort !== "string") continue;
      for (const { owner, template } of pods) {
        if (!containersOf(template).some((c) => (c.ports ?? []).some((cp) => cp.name === p.targetPort))) {
          problem(s, `targetPort ${p.targetPort} is not a port of ${describe(owner)}`);
        }
      }
    }
  }
  for (const pdb of byKind("PodDisruptionBudget")) {
    if (!podTemplates().some(({ template }) => selects(pdb.spec?.selector?.matchLabels, template.metadata?.labels))) problem(pdb, "its selector matches no pod template");
  }
  for (const rb of byKind("RoleBinding")) {
    if (rb.roleRef?.kind === "Role" && !named("Role", rb.roleRef.name)) problem(rb, `roleRef Role ${rb.roleRef.name} is not rendered`);
    for (const s of rb.subjects ?? []) {
      if (s.kind === "ServiceAccount" && !named("ServiceAccount", s.name)) problem(rb, `subject ServiceAccount ${s.name} is not rendered`);
      if (s.kind === "ServiceAccount" && (s.namespace ?? "") !== (rb.metadata?.namespace ?? "")) problem(rb, `subject ${s.name} is in namespace ${s.namespace}, not the binding's`);
    }
  }
}

function checkChatproPods() {
  const chatpro = podTemplates().filter(({ template }) => template.metadata?.labels?.["app.kubernetes.io/part-of"] === "chatpro");
  if (chatpro.length === 0) problems.push("no ChatPro Deployment rendered");
  for (const { owner, template } of chatpro) {
    const pod = template.spec ?? {};
    if (pod.securityContext?.runAsNonRoot !== true) problem(owner, "pod securityContext.runAsNonRoot must be true");
    if (pod.securityContext?.seccompProfile?.type !== "RuntimeDefault") problem(owner, "pod seccompProfile must be RuntimeDefault");
    const tmpVolumes = new Set((pod.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name));
    for (const c of containersOf(template)) {
      const sc = c.securityContext ?? {};
      if (sc.allowPrivilegeEscalation !== false) problem(owner, `container ${c.name}: allowPrivilegeEscalation must be false`);
      if (sc.readOnlyRootFilesystem !== true) problem(owner, `container ${c.name}: readOnlyRootFilesystem must be true`);
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) problem(owner, `container ${c.name}: capabilities must drop ALL`);
      if (!(c.volumeMounts ?? []).some((m) => m.mountPath === "/tmp" && tmpVolumes.has(m.name))) problem(owner, `container ${c.name}: /tmp must be an emptyDir`);
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) problem(owner, `container ${c.name}: needs cpu and memory requests and a memory limit`);
      if (!c.readinessProbe || !c.livenessProbe) problem(owner, `container ${c.name}: needs a readiness and a liveness probe`);
      if (c.livenessProbe?.httpGet?.path === "/health") problem(owner, `container ${c.name}: /health checks every service; it must not decide liveness`);
      // The event bus is mutual TLS: each setting names a file of a mounted Secret, and that Secret is a Certificate's.
      for (const setting of ["CHATPRO_CLUSTER_TLS_CERT", "CHATPRO_CLUSTER_TLS_KEY", "CHATPRO_CLUSTER_TLS_CA"]) {
        const file = (c.env ?? []).find((e) => e.name === setting)?.value;
        const mount = file && (c.volumeMounts ?? []).find((m) => file.startsWith(`${m.mountPath}/`));
        const volume = mount && (pod.volumes ?? []).find((v) => v.name === mount.name);
        if (!volume?.secret) problem(owner, `container ${c.name}: ${setting} must name a file of a mounted Secret`);
        else if (!byKind("Certificate").some((cert) => cert.spec?.secretName === volume.secret.secretName)) {
          problem(owner, `container ${c.name}: ${setting}'s Secret ${volume.secret.secretName} is made by no Certificate`);
        }
      }
      const host = (c.env ?? []).find((e) => e.name === "CHATPRO_CLUSTER_HOST");
      if (host?.valueFrom?.fieldRef?.fieldPath !== "status.podIP") problem(owner, `container ${c.name}: CHATPRO_CLUSTER_HOST must come from status.podIP`);
      if (SETTINGS) {
        for (const e of c.env ?? []) {
          if (e.name.startsWith("CHATPRO_") && !SETTINGS.has(e.name)) problem(owner, `env ${e.name} is not a ChatPro setting`);
        }
      }
    }
  }
}

// Egress: every ChatPro pod is held to what some policy allows, and the gateway (facing the internet) reaches no
// database, broker or object store.
function checkEgress() {
  const egress = byKind("NetworkPolicy").filter((p) => (p.spec?.policyTypes ?? []).includes("Egress"));
  const infra = ["cnpg.io/cluster", "strimzi.io/cluster", "v1.min.io/tenant"];
  // A NetworkPolicy's podSelector: its labels (none: every pod) and its "In" expressions must all hold.
  const matches = (selector, labels) =>
    Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v)
    && (selector?.matchExpressions ?? []).every((x) => x.operator === "In" && (x.values ?? []).includes(labels?.[x.key]));
  for (const { owner, template } of podTemplates()) {
    const labels = template.metadata?.labels ?? {};
    if (labels["app.kubernetes.io/part-of"] !== "chatpro") continue;
    const mine = egress.filter((p) => matches(p.spec?.podSelector, labels));
    if (mine.length === 0) problem(owner, "no NetworkPolicy limits its egress");
    if (labels["app.kubernetes.io/name"] !== "gateway-service") continue;
    for (const p of mine) {
      for (const rule of p.spec?.egress ?? []) {
        for (const peer of rule.to ?? []) {
          const reached = Object.keys(peer.podSelector?.matchLabels ?? {}).find((k) => infra.includes(k));
          if (reached) problem(p, `lets the gateway reach ${reached} pods: it must hold no database, broker or store access`);
        }
      }
    }
  }
}

// The ConfigMaps the ChatPro pods read (one for every pod, others for some), and what their settings name.
function checkSettings() {
  const refs = new Set();
  for (const { template } of podTemplates()) {
    for (const c of containersOf(template)) for (const e of c.envFrom ?? []) if (e.configMapRef) refs.add(e.configMapRef.name);
  }
  const maps = [...refs].map((name) => named("ConfigMap", name)).filter(Boolean);
  if (SETTINGS) {
    for (const m of maps) for (const key of Object.keys(m.data ?? {})) if (!SETTINGS.has(key)) problem(m, `${key} is not a ChatPro setting`);
  }
  const cm = maps.find((m) => m.data?.CHATPRO_CLUSTER_KUBERNETES_SERVICE !== undefined) ?? maps[0];
  if (cm) {
    const name = cm.metadata.name;
    const data = Object.assign({}, ...maps.map((m) => m.data ?? {}));
    const clusterPort = Number(data.CHATPRO_CLUSTER_PORT ?? 5701);
    const eventBusPort = Number(data.CHATPRO_EVENTBUS_PORT ?? 0);
    const httpPort = Number(data.CHATPRO_HTTP_PORT ?? 8080);
    const serviceName = data.CHATPRO_CLUSTER_KUBERNETES_SERVICE;
    if (!serviceName) problem(cm, "CHATPRO_CLUSTER_KUBERNETES_SERVICE must name the headless Service for Hazelcast discovery");
    const headless = serviceName && named("Service", serviceName);
    if (serviceName && !headless) problem(cm, `CHATPRO_CLUSTER_KUBERNETES_SERVICE names ${serviceName}, which is not rendered`);
    if (headless) {
      if (headless.spec?.clusterIP !== "None") problem(headless, "must be headless (clusterIP: None)");
      if (headless.spec?.publishNotReadyAddresses !== true) problem(headless, "publishNotReadyAddresses must be true, or starting members cannot find each other");
      const ports = headless.spec?.ports ?? [];
      if (ports.length !== 1 || ports[0].port !== clusterPort) problem(headless, `needs exactly one port, ${clusterPort} (CHATPRO_CLUSTER_PORT)`);
      for (const { owner, template } of podTemplates()) {
        const usesConfig = containersOf(template).some((c) => (c.envFrom ?? []).some((e) => e.configMapRef?.name === name));
        if (usesConfig && !selects(headless.spec?.selector, template.metadata?.labels)) problem(headless, `does not select the pods of ${describe(owner)}`);
      }
    }
    if (!(eventBusPort > 0)) problem(cm, "CHATPRO_EVENTBUS_PORT must be a fixed port so NetworkPolicies can name it");
    const fixed = [["CHATPRO_CLUSTER_PORT", clusterPort], ["CHATPRO_EVENTBUS_PORT", eventBusPort]].filter(([, port]) => port > 0);
    for (const { owner, template } of podTemplates()) {
      const ports = containersOf(template).flatMap((c) => (c.ports ?? []).map((p) => p.containerPort));
      for (const [setting, port] of fixed) {
        if (!ports.includes(port)) problem(owner, `declares no container port ${port} (${setting})`);
      }
      if (template.metadata?.labels?.["app.kubernetes.io/name"] === "gateway-service" && !ports.includes(httpPort)) problem(owner, `declares no container port ${httpPort} (CHATPRO_HTTP_PORT)`);
    }
    const policies = byKind("NetworkPolicy");
    if (policies.length > 0) {
      const allowed = policies.flatMap((p) => (p.spec?.ingress ?? []).flatMap((r) => (r.ports ?? []).map((x) => x.port)));
      for (const [setting, port] of [...fixed, ["CHATPRO_HTTP_PORT", httpPort]]) {
        if (!allowed.includes(port)) problems.push(`no NetworkPolicy admits port ${port} (${setting})`);
      }
    }
    checkMediaInternalPort(cm, data, policies);
    checkPlatformSettings(cm, data);
  }
}

// media-service's internal HTTP port serves decrypted media: fixed, declared by its pods, and admitted only from
// the pods a NetworkPolicy names (never from anywhere).
function checkMediaInternalPort(cm, data, policies) {
  const port = Number(data.CHATPRO_MEDIA_INTERNAL_PORT ?? 0);
  if (!(port > 0)) {
    problem(cm, "CHATPRO_MEDIA_INTERNAL_PORT must be a fixed port so a NetworkPolicy can name it");
    return;
  }
  for (const { owner, template } of podTemplates()) {
    if (template.metadata?.labels?.["app.kubernetes.io/name"] !== "media-service") continue;
    const ports = containersOf(template).flatMap((c) => (c.ports ?? []).map((p) => p.containerPort));
    if (!ports.includes(port)) problem(owner, `declares no container port ${port} (CHATPRO_MEDIA_INTERNAL_PORT)`);
  }
  if (policies.length === 0) return;
  const rules = policies.flatMap((p) => (p.spec?.ingress ?? []).map((r) => ({ p, r })))
    .filter(({ r }) => (r.ports ?? []).some((x) => x.port === port));
  if (rules.length === 0) problems.push(`no NetworkPolicy admits port ${port} (CHATPRO_MEDIA_INTERNAL_PORT)`);
  for (const { p, r } of rules) {
    if (!(r.from ?? []).length) problem(p, `admits port ${port} (CHATPRO_MEDIA_INTERNAL_PORT) from anywhere`);
  }
}

// With k8s/platform in the render: the settings and secret references must name what it creates.
function checkPlatformSettings(cm, data) {
  const kafka = byKind("Kafka")[0];
  if (kafka) {
    const listener = (kafka.spec?.kafka?.listeners ?? []).find((l) => l.tls === true && l.type === "internal");
    const expected = listener && `${kafka.metadata.name}-kafka-bootstrap:${listener.port}`;
    const bootstrap = data.CHATPRO_KAFKA_BOOTSTRAP ?? "";
    if (expected && !bootstrap.split(",").some((b) => b.trim() === expected || b.trim().startsWith(`${kafka.metadata.name}-kafka-bootstrap.`) && b.trim().endsWith(`:${listener.port}`))) {
      problem(cm, `CHATPRO_KAFKA_BOOTSTRAP (${bootstrap}) is not the Kafka's internal TLS listener ${expected}`);
    }
    const brokers = brokerCount(kafka.metadata.name);
    const replication = Number(data.CHATPRO_KAFKA_REPLICATION ?? 1);
    if (replication > brokers) problem(cm, `CHATPRO_KAFKA_REPLICATION (${replication}) exceeds the ${brokers} broker(s)`);
    if (TOPICS) {
      const declared = new Set(byKind("KafkaTopic").map((t) => t.spec?.topicName ?? t.metadata?.name));
      for (const t of TOPICS) if (!declared.has(t)) problems.push(`no KafkaTopic for ChatPro's topic ${t}`);
    }
  }
  const tenant = byKind("Tenant")[0];
  if (tenant) {
    const bucket = data.CHATPRO_S3_BUCKET ?? "chatpro-media";
    if (!(tenant.spec?.buckets ?? []).some((b) => b.name === bucket)) problem(cm, `CHATPRO_S3_BUCKET ${bucket} is not a bucket of ${describe(tenant)}`);
    const scheme = tenant.spec?.requestAutoCert === false ? "http" : "https";
    if (!String(data.CHATPRO_S3_ENDPOINT ?? "").startsWith(`${scheme}://minio`)) problem(cm, `CHATPRO_S3_ENDPOINT should be ${scheme}://minio (the tenant's Service)`);
  }
  // Secrets the pods read that the platform makes: CloudNativePG's <cluster>-app and the tenant's user Secrets.
  for (const { owner, template } of podTemplates()) {
    for (const c of containersOf(template)) {
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef?.name;
        if (!ref || !/-app$|minio/.test(ref)) continue;
        const pg = ref.endsWith("-app") && named("Cluster", ref.slice(0, -4));
        const user = (tenant?.spec?.users ?? []).some((u) => u.name === ref);
        if (!pg && !user) problem(owner, `env ${e.name} reads Secret ${ref}, which no rendered CloudNativePG Cluster or MinIO Tenant provides`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------- run
checkGeneral();
for (const o of objects) {
  if (typeof o.apiVersion !== "string" || typeof o.kind !== "string") continue;
  const custom = crChecks[`${o.apiVersion}/${o.kind}`];
  if (custom) {
    await custom(o);
    continue;
  }
  const Model = await modelFor(o.apiVersion, o.kind);
  if (!Model) {
    problem(o, `unknown apiVersion/kind ${o.apiVersion} ${o.kind}`);
    continue;
  }
  try {
    new Model(o).validate();
  } catch (e) {
    for (const line of schemaErrors(e)) problem(o, line);
  }
}
checkReferences();
checkChatproPods();
checkEgress();
checkSettings();
checkBoundary({ objects, byKind, named, problem, problems, podTemplates, containersOf, selects });

const kinds = Object.entries(objects.reduce((m, o) => ({ ...m, [o.kind]: (m[o.kind] ?? 0) + 1 }), {}))
  .map(([k, n]) => `${n} ${k}`).join(", ");
if (problems.length > 0) {
  console.error(`${label}: ${problems.length} problem(s) in ${objects.length} objects`);
  for (const p of problems) console.error(`  - ${p}`);
  for (const n of notes) console.error(`  note: ${n}`);
  process.exit(1);
}
console.log(`${label}: ${objects.length} objects valid (${kinds})`);
for (const n of notes) console.log(`  note: ${n}`);
