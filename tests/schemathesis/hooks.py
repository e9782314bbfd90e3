"""Schemathesis hooks for checkout-server in sandbox mode (loaded by tests/schemathesis/run.sh through
SCHEMATHESIS_HOOKS). They add no checks and relax none; they get the generated requests past
authentication and market rules so that the property-based bodies reach the handlers:

* Authentication: merchant operations carry the demo merchant's key (`sk_test_demo`), the operator API's
  (tag `operator`) the sandbox's demo operator key (`sk_admin_demo`). Operations of the
  hosted page (tag `hosted`) carry the client secret of the session in their path when a `createSession`
  answer gave it (stateful links); otherwise the case is pointed at a fresh open session of its own, with
  its secret, instead of stopping at `401`/`404`.
* `createSession` bodies: when the generated currency, country and locale are not one of Klarna's markets
  (almost always: they are independent random strings), half of them are made one market's, so that the
  stateful chain create → authorize → capture → refund runs with real sessions. The sandbox's `+error`
  persona (an emulated Klarna outage, answered `502` by design) is not used: that 5xx is intended.
"""

import os
import random
import threading

import requests
import schemathesis

BASE = os.environ.get("CHECKOUT_BASE", "http://127.0.0.1:8787").rstrip("/")
MERCHANT_KEY = os.environ.get("CHECKOUT_MERCHANT_KEY", "sk_test_demo")
ADMIN_KEY = os.environ.get("CHECKOUT_ADMIN_KEY", "sk_admin_demo")
HOSTED_TAG = "hosted"
OPERATOR_TAG = "operator"

# A few of Klarna's markets (the full table is core/src/markets.rs): country, currency, locales.
MARKETS = [
    ("DE", "EUR", ["de-DE", "en-DE"]),
    ("SE", "SEK", ["sv-SE", "en-SE"]),
    ("GB", "GBP", ["en-GB"]),
    ("US", "USD", ["en-US", "es-US"]),
    ("NO", "NOK", ["nb-NO", "en-NO"]),
]

_secrets: dict[str, str] = {}
_lock = threading.Lock()


def _remember(session: dict) -> None:
    with _lock:
        _secrets[session["id"]] = session["client_secret"]


def _fresh_session() -> tuple[str, str]:
    body = {
        "amount": 11800, "currency": "EUR", "country": "DE", "locale": "de-DE",
        "merchant_reference": "schemathesis", "return_url": "https://shop.example/return",
        "customer": {"email": "customer+de@klarna.com"},
    }
    r = requests.post(f"{BASE}/v1/sessions", json=body, headers={"Authorization": f"Bearer {MERCHANT_KEY}"},
                      timeout=10)
    r.raise_for_status()
    s = r.json()
    _remember(s)
    return s["id"], s["client_secret"]


@schemathesis.auth(refresh_interval=None)
class CheckoutAuth:
    """The merchant key, or a session's client secret for the hosted page's operations."""

    def get(self, case, context):
        return MERCHANT_KEY

    def set(self, case, data, context):
        case.headers = case.headers or {}
        tags = context.operation.tags or []
        if OPERATOR_TAG in tags:
            case.headers["Authorization"] = f"Bearer {ADMIN_KEY}"
        elif HOSTED_TAG in tags:
            session = (case.path_parameters or {}).get("id")
            with _lock:
                secret = _secrets.get(session)
            if secret is None:
                session, secret = _fresh_session()
                case.path_parameters = {**(case.path_parameters or {}), "id": session}
            case.headers["Authorization"] = f"Bearer {secret}"
        else:
            case.headers["Authorization"] = f"Bearer {data}"


@schemathesis.hook
def after_call(context, case, response):
    if case.operation.method.upper() == "POST" and case.operation.path == "/v1/sessions" \
            and response.status_code == 201:
        _remember(response.json())


@schemathesis.hook("map_body").apply_to(method="POST", path="/v1/sessions")
def market_bodies(context, body):
    if not isinstance(body, dict):
        return body
    customer = body.get("customer")
    if isinstance(customer, dict) and isinstance(customer.get("email"), str) \
            and "+error@" in customer["email"].lower():
        customer["email"] = "customer+de@klarna.com"
    if random.random() < 0.5:
        country, currency, locales = random.choice(MARKETS)
        body["country"], body["currency"], body["locale"] = country, currency, random.choice(locales)
    return body
