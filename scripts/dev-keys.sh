#!/usr/bin/env bash
# Sourced by scripts/run.sh and the benchmarks: the development keys, the same ones the dev and test profiles
# build in. The services run in the production profile there, which refuses to start without its keys.
# Never use these anywhere else.
export PSEUDONYM_KEY=${PSEUDONYM_KEY:-ZGV2LW9ubHktcHNldWRvbnltLWtleS1jaGFuZ2UtaXQtaW4tcHJvZA==}
export FIELD_KEY=${FIELD_KEY:-ZGV2LW9ubHktZmllbGQta2V5LTMyLWJ5dGVzLWxvbmc=}
export PERSON_CARD_KEY=${PERSON_CARD_KEY:-ZGV2LW9ubHktcGVyc29uLWNhcmQta2V5LWNoYW5nZS1pdC1wbGVhc2U=}
export QR_KEY_ENCRYPTION_KEY=${QR_KEY_ENCRYPTION_KEY:-ZGV2LW9ubHkta2V5LWNoYW5nZS1tZS1pbi1wcm9kISE=}
# The gateway's web sign-in: its Keycloak client's secret (the realm file's) and the key of its session cookies.
export GATEWAY_CLIENT_SECRET=${GATEWAY_CLIENT_SECRET:-gateway-secret-for-development-only}
export GATEWAY_SESSION_KEY=${GATEWAY_SESSION_KEY:-dev-only-gateway-session-key-change-it-in-prod}
