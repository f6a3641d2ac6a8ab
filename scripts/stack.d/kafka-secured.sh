# The secured listeners of one Kafka cluster of the stack (kafka-b): TLS with a CA made
# at `up`, SASL/SCRAM-SHA-256 and -512 users, and mutual TLS. Extra listeners on a broker
# that runs anyway cost far less start time than another JVM. Sourced by scripts/stack.
#
#   PORT+3  SASL_SSL   SCRAM-SHA-256 / SCRAM-SHA-512 over TLS; certificate for
#                      localhost and 127.0.0.1
#   PORT+4  MTLS       TLS that requires a client certificate signed by the CA
#   PORT+5  WRONGNAME  TLS whose certificate (same CA) names only broker.lagwatch.invalid,
#                      so 127.0.0.1 is an address the certificate does not name
#
# Everything lives in the cluster's run folder (removed by `down`): tls/ holds the CA,
# the certificates and keys (PEM for clients, PKCS12 keystores for the broker), and a
# second CA that signed nothing the broker presents (for "untrusted CA" tests).

KAFKA_SECURED_CLUSTER=kafka-b
KAFKA_KEYSTORE_PASSWORD=lagwatch-keystore
KAFKA_SCRAM_USERS=(scram-sha-256 scram-sha-512)

kafka_is_secured() { [[ $1 == "$KAFKA_SECURED_CLUSTER" ]]; }

# kafka_tls_material DIR: a CA, broker, wrong-name and client certificates, all quietly.
kafka_tls_material() {
  local tls=$1/tls out
  mkdir -p "$tls"
  out=$({
    set -e
    cd "$tls"
    key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }
    ca() { # ca NAME SUBJECT
      key "$1.key"
      openssl req -x509 -new -key "$1.key" -out "$1.pem" -days 30 -subj "/CN=$2" \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
    }
    signed() { # signed NAME SUBJECT EXTENSIONS: a certificate signed by ca.pem
      key "$1.key"
      openssl req -new -key "$1.key" -subj "/CN=$2" -out "$1.csr"
      openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
        -out "$1.pem" -extfile <(printf '%s\n' "$3")
    }
    p12() { # p12 NAME: the broker's keystore (key + certificate + CA)
      openssl pkcs12 -export -in "$1.pem" -inkey "$1.key" -certfile ca.pem -name "$1" \
        -out "$1.p12" -passout "pass:$KAFKA_KEYSTORE_PASSWORD"
    }
    ca ca 'lagwatch test CA'
    ca other-ca 'lagwatch untrusted CA'
    signed broker localhost 'subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth'
    signed wrong-name broker.lagwatch.invalid 'subjectAltName=DNS:broker.lagwatch.invalid
extendedKeyUsage=serverAuth'
    signed client lagwatch-client 'extendedKeyUsage=clientAuth'
    p12 broker
    p12 wrong-name
    rm -f ./*.csr ca.srl other-ca.key
  } 2>&1)
  # (set -e does not hold inside a substitution that is tested: check what it made.)
  local file
  for file in ca.pem other-ca.pem broker.p12 wrong-name.p12 client.pem client.key; do
    [[ -s $tls/$file ]] || {
      say "kafka: making the TLS certificates failed ($file missing): $out"
      return 1
    }
  done
}

# kafka_scram_users DIR: picks the SCRAM users' passwords (random per run, so a test can
# look for the exact string in logs) and prints StorageTool's --add-scram arguments.
kafka_scram_users() {
  local dir=$1 mechanism upper password
  : >"$dir/scram.env"
  for mechanism in "${KAFKA_SCRAM_USERS[@]}"; do
    upper=${mechanism^^}
    password=scram-secret-$(openssl rand -hex 8)
    printf 'STACK_KAFKA_%s_USERNAME=lagwatch-%s\nSTACK_KAFKA_%s_PASSWORD=%s\n' \
      "${upper//-/_}" "$mechanism" "${upper//-/_}" "$password" >>"$dir/scram.env"
    printf -- '--add-scram\n%s=[name=lagwatch-%s,password=%s]\n' "$upper" "$mechanism" "$password"
  done
}

# kafka_secured_listeners PORT: the listeners to add to listeners= and advertised.listeners=.
kafka_secured_listeners() {
  printf ',SASL_SSL://127.0.0.1:%s,MTLS://127.0.0.1:%s,WRONGNAME://127.0.0.1:%s' \
    $(($1 + 3)) $(($1 + 4)) $(($1 + 5))
}

# kafka_secured_properties DIR: the rest of server.properties for those listeners.
kafka_secured_properties() {
  local tls=$1/tls
  cat <<PROPS
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,MTLS:SSL,WRONGNAME:SSL
listener.name.sasl_ssl.sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
ssl.keystore.type=PKCS12
ssl.keystore.location=$tls/broker.p12
ssl.keystore.password=$KAFKA_KEYSTORE_PASSWORD
ssl.key.password=$KAFKA_KEYSTORE_PASSWORD
ssl.truststore.type=PEM
ssl.truststore.location=$tls/ca.pem
listener.name.mtls.ssl.client.auth=required
listener.name.wrongname.ssl.keystore.location=$tls/wrong-name.p12
PROPS
}

# The secured cluster's addresses, files and users, for .stack/env.
kafka_secured_env() {
  [[ " ${SERVICES[*]} " == *" $KAFKA_SECURED_CLUSTER "* ]] || return 0 # a partial stack
  local dir=$RUN_DIR/$KAFKA_SECURED_CLUSTER port=${PORT[$KAFKA_SECURED_CLUSTER]} upper
  upper=${KAFKA_SECURED_CLUSTER#kafka-}
  upper=${upper^^}
  cat <<ENV
STACK_KAFKA_SECURED_CLUSTER=${KAFKA_SECURED_CLUSTER#kafka-}
STACK_KAFKA_${upper}_SASL_SSL_BROKERS=127.0.0.1:$((port + 3))
STACK_KAFKA_${upper}_MTLS_BROKERS=127.0.0.1:$((port + 4))
STACK_KAFKA_${upper}_WRONG_NAME_BROKERS=127.0.0.1:$((port + 5))
STACK_KAFKA_TLS_CA=$dir/tls/ca.pem
STACK_KAFKA_TLS_OTHER_CA=$dir/tls/other-ca.pem
STACK_KAFKA_TLS_CLIENT_CERT=$dir/tls/client.pem
STACK_KAFKA_TLS_CLIENT_KEY=$dir/tls/client.key
ENV
  cat "$dir/scram.env"
}
