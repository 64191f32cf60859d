#!/usr/bin/env bash
# Builds the five service images chatpro/<module>:<tag> from what `mvn -B -DskipTests package` produced.
#   docker/build-images.sh            # tag = the Maven project version
#   docker/build-images.sh 1.2.0      # another tag
# Then tag and push them under your registry's name, e.g. <registry>/chatpro/<module>:<tag>.
set -euo pipefail
cd "$(dirname "$0")/.."

services=(directory-service message-service media-service presence-service gateway-service)

for module in "${services[@]}"; do
  if [ ! -f "$module/target/chatpro-$module.jar" ] || [ ! -d "$module/target/lib" ]; then
    echo "$module/target has no chatpro-$module.jar and lib/: run 'mvn -B -DskipTests package' first" >&2
    exit 1
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A value of the root pom, as Maven resolves it.
evaluate() {
  mvn -B -q -N org.apache.maven.plugins:maven-help-plugin:3.5.1:evaluate \
    -Dexpression="$1" -Doutput="$tmp/$1" < /dev/null > /dev/null
  cat "$tmp/$1"
}

tag=${1:-$(evaluate project.version)}
flags=$(evaluate hazelcast.jvm.flags)

for module in "${services[@]}"; do
  echo "building chatpro/$module:$tag"
  docker build -f docker/Dockerfile \
    --build-arg SERVICE="$module" \
    --build-arg HAZELCAST_JVM_FLAGS="$flags" \
    -t "chatpro/$module:$tag" .
done
