// Validates a rendered overlay (kustomize output, on stdin) offline: every object against the Kubernetes
// schemas (kubernetes-models, generated from the Kubernetes 1.3x OpenAPI), then what docs/deployment.md
// promises of it. Prints one line per object and exits 1 on the first broken promise.
//   kubectl kustomize ../overlays/production | node validate.mjs production
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const overlay = process.argv[2] ?? "overlay";
const objects = parseAllDocuments(readFileSync(0, "utf8")).map((doc) => doc.toJS()).filter(Boolean);
// kustomize folds long base64 values over lines, which the API server's decoder skips: so does this check.
for (const secret of objects.filter((o) => o.kind === "Secret" && o.data)) {
  for (const key of Object.keys(secret.data)) secret.data[key] = secret.data[key].replace(/\s/g, "");
}
const problems = [];
const fail = (what) => problems.push(`${overlay}: ${what}`);
const name = (o) => `${o.kind}/${o.metadata?.name}`;

// 1. The schemas: apps/v1 Deployment -> kubernetes-models/apps/v1/Deployment, v1 Service -> kubernetes-models/v1/Service.
for (const object of objects) {
  let model;
  try {
    model = (await import(`kubernetes-models/${object.apiVersion}/${object.kind}`))[object.kind];
  } catch {
    fail(`${name(object)}: no schema for ${object.apiVersion} ${object.kind}`);
    continue;
  }
  try {
    new model(object).validate();
    console.log(`  valid ${object.apiVersion} ${name(object)}`);
  } catch (error) {
    fail(`${name(object)} does not match the ${object.apiVersion} schema: ${error.message}`);
  }
}

// 2. The promises.
const of = (kind) => objects.filter((o) => o.kind === kind);
const deployments = of("Deployment");
const apps = ["directory", "candidature", "grants", "notification", "gateway"];
const defined = new Set(objects.map(name));
for (const app of apps) {
  const deployment = deployments.find((d) => d.metadata.name === app);
  if (!deployment) {
    fail(`no Deployment ${app}`);
    continue;
  }
  if ((deployment.spec.replicas ?? 1) < 2) fail(`Deployment ${app} has fewer than 2 replicas`);
  const pod = deployment.spec.template.spec;
  if (pod.securityContext?.runAsNonRoot !== true) fail(`Deployment ${app} may run as root`);
  for (const container of pod.containers) {
    const where = `Deployment ${app}, container ${container.name}`;
    if (container.livenessProbe?.httpGet?.path !== "/alive") fail(`${where}: liveness is not /alive`);
    if (container.readinessProbe?.httpGet?.path !== "/health") fail(`${where}: readiness is not /health`);
    if (!container.resources?.requests?.cpu || !container.resources?.requests?.memory || !container.resources?.limits?.memory)
      fail(`${where}: no CPU/memory requests or memory limit`);
    if (container.securityContext?.readOnlyRootFilesystem !== true) fail(`${where}: root filesystem is writable`);
    if (container.securityContext?.allowPrivilegeEscalation !== false) fail(`${where}: privilege escalation allowed`);
  }
  if (!of("Service").some((s) => s.metadata.name === app)) fail(`no Service ${app}`);
  if (!of("PodDisruptionBudget").some((p) => p.spec.selector?.matchLabels?.["app.kubernetes.io/name"] === app))
    fail(`no PodDisruptionBudget for ${app}`);
}
if (!of("HorizontalPodAutoscaler").some((h) => h.spec.scaleTargetRef.name === "gateway" && h.spec.minReplicas >= 2))
  fail("no HorizontalPodAutoscaler for the gateway with at least 2 replicas");

// Services take traffic from the gateway only: a default deny, and the one policy that lets the gateway in.
const policies = of("NetworkPolicy");
if (!policies.some((p) => Object.keys(p.spec.podSelector ?? {}).length === 0 && p.spec.policyTypes.includes("Ingress") && !p.spec.ingress))
  fail("no default-deny ingress NetworkPolicy");
for (const policy of policies.filter((p) => p.spec.podSelector?.matchLabels?.["app.kubernetes.io/component"] === "service")) {
  const from = (policy.spec.ingress ?? []).flatMap((rule) => rule.from ?? [{}]);
  if (from.length === 0 || from.some((peer) => peer.podSelector?.matchLabels?.["app.kubernetes.io/name"] !== "gateway"))
    fail(`NetworkPolicy ${policy.metadata.name} lets in more than the gateway`);
}
if (!policies.some((p) => p.spec.podSelector?.matchLabels?.["app.kubernetes.io/component"] === "service"))
  fail("no NetworkPolicy for the services");

// The release's migration Job runs every service's image with `migrate`.
const job = of("Job").find((j) => j.metadata.name === "fabriques-migrate");
const migrators = job ? [...(job.spec.template.spec.initContainers ?? []), ...job.spec.template.spec.containers] : [];
for (const app of apps.filter((a) => a !== "gateway")) {
  if (!migrators.some((c) => c.name === app && c.args?.[0] === "migrate")) fail(`the migration Job does not migrate ${app}`);
}

// Every Secret and ConfigMap a pod reads is part of the overlay (generated, with its hash suffix).
for (const owner of [...deployments, ...of("Job")]) {
  const pod = owner.spec.template.spec;
  for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
    for (const source of container.envFrom ?? []) {
      const ref = source.secretRef ? `Secret/${source.secretRef.name}` : `ConfigMap/${source.configMapRef.name}`;
      if (!defined.has(ref)) fail(`${name(owner)} reads ${ref}, which the overlay does not define`);
    }
  }
}

// Tokens are verified with the keys the OpenID Connect provider publishes: no process holds a signing key (it would
// refuse to start with one), and the provider is reached over https.
for (const source of [...of("Secret"), ...of("ConfigMap")]) {
  const keys = [...Object.keys(source.data ?? {}), ...Object.keys(source.stringData ?? {})];
  if (keys.includes("Jwt__SigningKey")) fail(`${name(source)} holds Jwt__SigningKey: the processes refuse a shared signing key`);
}
const platform = of("ConfigMap").find((c) => c.metadata.name.startsWith("fabriques-platform"));
if (!/^https:\/\//.test(platform?.data?.Jwt__Authority ?? "")) fail("the fabriques-platform ConfigMap has no https Jwt__Authority");

if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`${overlay}: ${objects.length} objects valid, every promise kept`);
