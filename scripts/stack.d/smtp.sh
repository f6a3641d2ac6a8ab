# A real SMTP server: Debian's `python3-aiosmtpd` with its Mailbox handler, which keeps
# every mail it accepts in a Maildir (new/ holds one file per mail) that the tests read.
# Debian's own python3 runs it (a pyenv python on PATH would lack the package).
# Sourced by scripts/stack.

smtp_python() { printf '%s' "${STACK_SMTP_PYTHON:-/usr/bin/python3}"; }

smtp_start() { # smtp_start PORT
  local dir=$RUN_DIR/smtp
  "$(smtp_python)" -c 'import aiosmtpd' 2>/dev/null ||
    die "smtp: aiosmtpd not found for $(smtp_python); run: scripts/stack install (apt-get install python3-aiosmtpd)"
  mkdir -p "$dir"
  start_daemon smtp "$(smtp_python)" -m aiosmtpd -n -l "127.0.0.1:$1" \
    -c aiosmtpd.handlers.Mailbox "$dir/mailbox"
}

# Ready when it greets: "220 ..." on connect.
smtp_probe() { # smtp_probe 127.0.0.1:PORT
  local greeting
  exec 3<>"/dev/tcp/${1%:*}/${1##*:}" || return 1
  read -r -t 2 greeting <&3 || true
  exec 3<&- 3>&-
  [[ $greeting == 220* ]]
}

smtp_mailbox() { printf '%s' "$RUN_DIR/smtp/mailbox"; }

smtp_version() { dpkg-query -W -f='${Version}' python3-aiosmtpd 2>/dev/null | sed 's/[-+].*//'; }
