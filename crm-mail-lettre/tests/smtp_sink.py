#!/usr/bin/env python3
"""A real SMTP server for crm's tests (aiosmtpd), with scripted faults.

Usage: smtp_sink.py --port PORT --out DIR [--discard]
                    [--tls none|starttls|implicit --cert CERT --key KEY] [--auth USER:PASS]

Every accepted message is written to DIR as <n>.eml (unless --discard), and counted.
Faults by recipient address:
  *tempfail*  -> 451 on the first RCPT for that address, then accepted
  *reject*    -> 550 always
Prints READY on stdout once listening.
"""
import argparse
import asyncio
import itertools
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, out, discard):
        self.out = out
        self.discard = discard
        self.counter = itertools.count(1)
        self.seen = {}
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "reject" in address:
            return "550 5.1.1 Mailbox unavailable"
        if "tempfail" in address:
            with self.lock:
                n = self.seen.get(address, 0)
                self.seen[address] = n + 1
            if n == 0:
                return "451 4.3.0 Temporary failure, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        n = next(self.counter)
        if not self.discard:
            # The envelope recipients (To, Cc and Bcc alike), one per line, written before the
            # message so a listed message always has them.
            with open(os.path.join(self.out, f"{n}.rcpt"), "w") as f:
                f.write("\n".join(envelope.rcpt_tos) + "\n")
            tmp = os.path.join(self.out, f".{n}.tmp")
            with open(tmp, "wb") as f:
                f.write(envelope.original_content or envelope.content)
            os.rename(tmp, os.path.join(self.out, f"{n}.eml"))
        return "250 2.0.0 Message accepted"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--discard", action="store_true")
    p.add_argument("--tls", choices=["none", "starttls", "implicit"], default="none")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--auth")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    kwargs = {}
    if args.tls != "none":
        import ssl

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        if args.tls == "implicit":
            kwargs["ssl_context"] = context
        else:
            kwargs["tls_context"] = context
            kwargs["require_starttls"] = True
    if args.auth:
        from aiosmtpd.smtp import AuthResult, LoginPassword

        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (
                isinstance(auth_data, LoginPassword)
                and auth_data.login.decode() == user
                and auth_data.password.decode() == password
            )
            return AuthResult(success=ok)

        kwargs["authenticator"] = authenticator
        kwargs["auth_required"] = True
        # With implicit TLS aiosmtpd does not see the session as "TLS-upgraded", but it is.
        kwargs["auth_require_tls"] = args.tls == "starttls"
    controller = Controller(
        Handler(args.out, args.discard),
        hostname="127.0.0.1",
        port=args.port,
        decode_data=False,
        data_size_limit=50 * 1024 * 1024,
        **kwargs,
    )
    controller.start()
    print("READY", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        while not stop.wait(0.2):
            # Exit when the parent test process is gone.
            if os.getppid() == 1:
                break
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
