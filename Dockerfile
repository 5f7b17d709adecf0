# caddy-mcp-atlassian: Caddy with the mcp_atlassian module, on the official
# Caddy images. Build from the checkout:
#
#	docker build -t caddy-mcp-atlassian .
#	docker run --rm -p 8080:8080 -e JIRA_URL=... caddy-mcp-atlassian
#
# The builder image's xcaddy compiles Caddy with this checkout as the module
# (the same build as xcaddy.json and internal/buildcaddy).

FROM caddy:2.11-builder AS builder

# Caddy release the module is tested with (xcaddy.json's caddy_version).
ARG CADDY_VERSION=v2.11.9
# go.mod asks for a newer Go than the builder image may carry; the golang
# base image pins GOTOOLCHAIN=local, so let the go command fetch it.
ENV GOTOOLCHAIN=auto

COPY . /src
RUN xcaddy build ${CADDY_VERSION} \
	--output /usr/bin/caddy \
	--with github.com/mcp-atlassian/caddy-mcp-atlassian=/src

FROM caddy:2.11

COPY --from=builder /usr/bin/caddy /usr/bin/caddy
COPY docker/Caddyfile /etc/caddy/Caddyfile
# Runs the built-in sandbox Atlassian for trying the image without a site:
#	docker run --rm -p 8080:8080 caddy-mcp-atlassian caddy run --config /etc/caddy/Caddyfile.example
COPY Caddyfile.example /etc/caddy/Caddyfile.example

# The base image runs `caddy run --config /etc/caddy/Caddyfile --adapter
# caddyfile`, keeps Caddy's storage in /data and its autosave in /config.
EXPOSE 8080 80 443 443/udp
