#!/usr/bin/env bash
# Prints whether each part of the local stack answers on its port.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for entry in "PostgreSQL:$PG_PORT" "FerretDB:$MONGO_PORT" "Redis:$REDIS_PORT" "maildev-smtp:$SMTP_PORT" "maildev-web:$MAIL_WEB_PORT"; do
  name="${entry%%:*}"; port="${entry##*:}"
  if port_open "$port"; then echo "$name up (127.0.0.1:$port)"; else echo "$name down (127.0.0.1:$port)"; fi
done
