"""End to end: an MCP client signs in with OAuth, InvenTree being the authorization server.

The parts are the real ones: django-oauth-toolkit set up as InvenTree sets it up
(authserver.py), writing to the test database's own tables; the official MCP Python SDK's
OAuth client with a client registered in advance, as Claude and ChatGPT use one; the
inventree-mcp binary. In each protocol era, each of two users (a reader, whose roles see
everything, and a parts-only user):

1. connects with no token: the SDK finds InvenTree from the server's 401, signs in (login and
   consent pages), exchanges the code with PKCE S256, and retries;
2. sees exactly the tools its roles and its token's scopes allow, and reads a part;
3. calls a stock tool its token's scope does not cover. The reader gets 403
   insufficient_scope; the SDK asks for the wider scope (a second consent) and retries, and
   the stock comes back. The parts-only user gets a permission error at once, with no 403:
   no consent can grant a role;
4. revokes the token at InvenTree: the next request with it is refused.

Usage: python test_flow.py BINARY DATABASE_SERVER_URL
"""

import asyncio
import hashlib
import os
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import httpx2
import psycopg
from mcp.client import Client
from mcp.client.auth import OAuthClientProvider
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import (
    AuthorizationCodeResult,
    OAuthClientInformationFull,
    OAuthClientMetadata,
    OAuthToken,
)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DATABASE = "inventree_mcp_oauth_e2e"
CALLBACK = "http://127.0.0.1:33418/callback"
CLIENT_ID = "inventree-mcp-e2e-client"
CLIENT_SECRET = "e2e-client-secret-copied-before-saving"
PASSWORD = "correct horse battery staple"
CACHE_TTL_MS = 300

# What the server asks for (its `oauth_scopes`), so the first token is narrow.
ADVERTISED_SCOPE = "r:view:part"
# The tools of the default toolsets that need nothing but part.view (a BOM read is part.view
# for a token: InvenTree has no bom scope), in the server's order.
PART_TOOLS = [
    "list_parts",
    "get_part",
    "search_parts",
    "list_parameter_templates",
    "get_part_parameters",
    "find_parts_by_parameters",
    "list_bom_items",
    "get_bom_for_part",
    "can_build",
    "where_used",
    "list_tags",
    "search_tags",
]
ERAS = ["2025-11-25", "2026-07-28"]

failures: list[str] = []


def check(condition: bool, what: str) -> None:
    print(("ok    " if condition else "FAIL  ") + what, flush=True)
    if not condition:
        failures.append(what)


def equal(actual, expected, what: str) -> None:
    check(actual == expected, f"{what}: expected {expected!r}, got {actual!r}")


# --- the database ---------------------------------------------------------------------------


def create_database(server_url: str) -> str:
    """InvenTree's schema and the project's demo inventory, in a database of its own."""
    with psycopg.connect(server_url.rstrip("/") + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    url = server_url.rstrip("/") + "/" + DATABASE
    with psycopg.connect(url) as conn:
        conn.execute((REPO / "migrations-snapshot/0001_inventree_schema.sql").read_text())
        conn.execute((REPO / "src/demo/inventory.sql").read_text())
    return url


def django_database(url: str) -> dict:
    parsed = urlparse(url)
    return {
        "NAME": parsed.path.lstrip("/"),
        "USER": parsed.username or "postgres",
        "PASSWORD": parsed.password or "",
        "HOST": parsed.hostname or "127.0.0.1",
        "PORT": str(parsed.port or 5432),
    }


def register(origin: str) -> None:
    """What an InvenTree administrator does: two users in existing groups, and the
    application for the MCP client (confidential, authorization code), as at /o/applications/."""
    from django.contrib.auth.models import Group, User
    from oauth2_provider.models import Application

    for username, group in [("olivia", "readers"), ("oscar", "parts only")]:
        user = User.objects.create_user(username, f"{username}@example.com", PASSWORD)
        user.groups.add(Group.objects.get(name=group))
    Application.objects.create(
        name="MCP client",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,  # hashed on save, as in InvenTree's form
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=CALLBACK,
        algorithm=Application.NO_ALGORITHM,
    )


def token_rows(url: str, username: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            """SELECT t.token_checksum, t.scope, a.client_id
               FROM oauth2_provider_accesstoken t
               JOIN auth_user u ON u.id = t.user_id
               JOIN oauth2_provider_application a ON a.id = t.application_id
               WHERE u.username = %s ORDER BY t.id""",
            [username],
        ).fetchall()


# --- the MCP server -------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(binary: str, database_url: str, issuer: str, workdir: Path):
    port = free_port()
    public_url = f"http://127.0.0.1:{port}/mcp"
    env = {k: v for k, v in os.environ.items() if not k.startswith("INVENTREE_MCP_")}
    env.update(
        INVENTREE_MCP_DATABASE_URL=database_url,
        INVENTREE_MCP_LISTEN=f"127.0.0.1:{port}",
        INVENTREE_MCP_PUBLIC_URL=public_url,
        INVENTREE_MCP_OAUTH_ISSUER=issuer,
        INVENTREE_MCP_OAUTH_CLIENT_IDS=CLIENT_ID,
        INVENTREE_MCP_OAUTH_SCOPES=ADVERTISED_SCOPE,
        INVENTREE_MCP_AUTH_CACHE_TTL_MS=str(CACHE_TTL_MS),
        INVENTREE_MCP_SHUTDOWN_GRACE_S="1",
    )
    workdir.mkdir(parents=True, exist_ok=True)
    log = open(workdir / "server.log", "w")
    process = subprocess.Popen([binary, "serve"], env=env, cwd=workdir, stdout=log, stderr=log)
    for _ in range(240):
        if process.poll() is not None:
            sys.exit(f"the server exited at start:\n{(workdir / 'server.log').read_text()}")
        try:
            if httpx2.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                return process, public_url
        except httpx2.TransportError:
            pass
        time.sleep(0.5)
    process.kill()
    sys.exit("the server was not ready after 120 s")


# --- the person at the browser --------------------------------------------------------------


class Form(HTMLParser):
    """The fields of a page's form (the last form wins)."""

    def __init__(self, html: str):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.fields = {}
        elif tag == "input" and attrs.get("name") and attrs.get("type") != "submit":
            self.fields[attrs["name"]] = attrs.get("value") or ""


class Browser:
    """Signs in at InvenTree and approves the consent page, as the user would."""

    def __init__(self, username: str):
        self.username = username
        self.http = httpx2.AsyncClient(follow_redirects=False, timeout=30)
        self.authorizations: list[dict] = []
        self.result: AuthorizationCodeResult | None = None

    async def open(self, authorization_url: str) -> None:
        query = parse_qs(urlparse(authorization_url).query)
        self.authorizations.append({k: v[0] for k, v in query.items()})
        page = await self.http.get(authorization_url)
        if page.status_code == 302:  # not signed in yet: InvenTree's login page
            login = urljoin(authorization_url, page.headers["location"])
            equal(urlparse(login).path, "/accounts/login/", "authorize sends to the login page")
            form = Form((await self.http.get(login)).text).fields
            form.update(username=self.username, password=PASSWORD)
            signed_in = await self.http.post(login, data=form, headers={"Referer": login})
            equal(signed_in.status_code, 302, f"{self.username} signs in")
            page = await self.http.get(urljoin(login, signed_in.headers["location"]))
        equal(page.status_code, 200, "the consent page is shown")
        form = Form(page.text).fields
        form["allow"] = "Authorize"
        approved = await self.http.post(authorization_url, data=form)
        equal(approved.status_code, 302, "consent redirects to the client")
        back = urlparse(approved.headers["location"])
        equal(f"{back.scheme}://{back.netloc}{back.path}", CALLBACK, "to its callback")
        params = {k: v[0] for k, v in parse_qs(back.query).items()}
        self.result = AuthorizationCodeResult(code=params["code"], state=params.get("state"))

    async def callback(self) -> AuthorizationCodeResult:
        assert self.result is not None
        result, self.result = self.result, None
        return result


class Storage:
    """The client's store: the pre-registered client, and the tokens it is given."""

    def __init__(self):
        self.tokens: OAuthToken | None = None
        self.client = OAuthClientInformationFull(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            redirect_uris=[CALLBACK],
            token_endpoint_auth_method="client_secret_post",
            grant_types=["authorization_code", "refresh_token"],
        )

    async def get_tokens(self):
        return self.tokens

    async def set_tokens(self, tokens):
        self.tokens = tokens

    async def get_client_info(self):
        return self.client

    async def set_client_info(self, client_info):
        self.client = client_info


# --- one era ---------------------------------------------------------------------------------


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


async def bare_request(url: str, era: str, token: str) -> httpx2.Response:
    """A tools/list with this token and nothing else: no SDK to sign in again."""
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Accept": "application/json, text/event-stream",
        "MCP-Protocol-Version": era,
    }
    params: dict = {}
    if era == "2026-07-28":
        headers["Mcp-Method"] = "tools/list"
        params = {
            "_meta": {
                "io.modelcontextprotocol/protocolVersion": era,
                "io.modelcontextprotocol/clientCapabilities": {},
            }
        }
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": params}
    async with httpx2.AsyncClient() as http:
        return await http.post(url, json=body, headers=headers)


async def run_era(era: str, username: str, mcp_url: str, issuer: str, db_url: str) -> None:
    print(f"\n== {era}, as {username}", flush=True)
    origin = issuer.removesuffix("/o")
    mcp_path = urlparse(mcp_url).path
    browser = Browser(username)
    storage = Storage()
    earlier = token_rows(db_url, username)  # from the other era's run

    def new_tokens():
        rows = token_rows(db_url, username)
        return rows[len(earlier) :] if rows[: len(earlier)] == earlier else rows
    trail: list[str] = []

    async def on_response(response):
        r = response.request
        where = r.url.path if r.url.host == urlparse(mcp_url).hostname and r.url.port == urlparse(
            mcp_url
        ).port else "AS " + r.url.path
        trail.append(f"{r.method} {where} {response.status_code}")

    provider = OAuthClientProvider(
        server_url=mcp_url,
        client_metadata=OAuthClientMetadata(
            redirect_uris=[CALLBACK],
            token_endpoint_auth_method="client_secret_post",
            grant_types=["authorization_code", "refresh_token"],
            client_name="inventree-mcp end-to-end test",
        ),
        storage=storage,
        redirect_handler=browser.open,
        callback_handler=browser.callback,
    )
    http = httpx2.AsyncClient(auth=provider, event_hooks={"response": [on_response]}, timeout=30)
    mode = "legacy" if era == "2025-11-25" else era
    async with http, Client(streamable_http_client(mcp_url, http_client=http), mode=mode, cache=None) as client:
        equal(client.protocol_version, era, "the protocol era")
        # The first request (initialize, or tools/list in the stateless era) meets the 401.
        tools = await client.list_tools()
        # 1. Discovery from the 401, sign-in, token.
        equal(
            trail[:9],
            [
                f"POST {mcp_path} 401",
                f"GET /.well-known/oauth-protected-resource{mcp_path} 200",
                # InvenTree has no RFC 8414 document: its catch-all sends the first two
                # candidates to the web frontend, which is no metadata; the third is DOT's.
                "GET AS /.well-known/oauth-authorization-server/o 302",
                "GET AS /web/ 200",
                "GET AS /.well-known/openid-configuration/o 302",
                "GET AS /web/ 200",
                "GET AS /o/.well-known/openid-configuration 200",
                "POST AS /o/token/ 200",
                f"POST {mcp_path} 200",
            ],
            "discovery from the 401, the token, the retried request",
        )
        first = browser.authorizations[0]
        equal(first["code_challenge_method"], "S256", "PKCE")
        check(len(first["code_challenge"]) == 43, "an S256 code challenge")
        equal(first["scope"], ADVERTISED_SCOPE, "the scope asked for")
        equal(first["client_id"], CLIENT_ID, "the client")
        equal(first["resource"], mcp_url, "the resource (RFC 8707)")
        first_token = storage.tokens.access_token
        equal(
            new_tokens(),
            [(sha256(first_token), ADVERTISED_SCOPE, CLIENT_ID)],
            "the token InvenTree stored",
        )

        # 2. What the roles and the scope allow.
        equal([t.name for t in tools.tools], PART_TOOLS, "tools/list: the part tools only")
        part = await client.call_tool("get_part", {"part_id": 2})
        check(not part.is_error, f"get_part answers: {part.content}")
        part = part.structured_content or {}
        equal(
            (part.get("name"), part.get("IPN"), part.get("in_stock")),
            ("Resistor 1k 0603", "R-0603-1K", 2000.0),
            "get_part 2",
        )

        # 3. A stock read. A reader's roles allow it but the token's scope does not: 403
        # insufficient_scope, the SDK asks for the wider scope and retries. A parts-only
        # user's roles do not allow it: a permission error at once (no consent can grant a
        # role), and no new token.
        trail.clear()
        stock = await client.call_tool("list_stock_items", {"part_id": 2})
        if username == "olivia":
            equal(
                trail[:3],
                [f"POST {mcp_path} 403", "POST AS /o/token/ 200", f"POST {mcp_path} 200"],
                "403 insufficient_scope, a new token, the retry",
            )
            equal(len(browser.authorizations), 2, "a second consent")
            equal(
                browser.authorizations[1]["scope"], "r:view:part r:view:stock", "the wider scope"
            )
            check(not stock.is_error, f"list_stock_items answers: {stock.content}")
            items = (stock.structured_content or {}).get("items", [])
            equal(
                [(i["id"], i["quantity"], i["status"]["code"]) for i in items],
                [(11, 2000.0, 10), (12, 150.0, 65)],
                "part 2's stock items",
            )
        else:
            equal(trail, [f"POST {mcp_path} 200"], "one request, no step-up")
            equal(len(browser.authorizations), 1, "no second consent")
            check(stock.is_error, "list_stock_items is refused")
            equal(
                stock.content[0].text,
                "permission denied: this tool requires stock.view (InvenTree role `stock`, "
                "action `view`)",
                "the refusal",
            )
            equal(stock.structured_content, None, "and no data")
        token = storage.tokens.access_token
        expected_rows = [(sha256(first_token), ADVERTISED_SCOPE, CLIENT_ID)]
        if token != first_token:
            expected_rows.append((sha256(token), "r:view:part r:view:stock", CLIENT_ID))
        equal(new_tokens(), expected_rows, "the tokens stored")
        names = [t.name for t in (await client.list_tools()).tools]
        equal(
            "list_stock_items" in names,
            username == "olivia",
            "tools/list shows the stock tools when the roles and scopes allow them",
        )

    # 4. Revocation at InvenTree deletes the row; the next request with it is refused.
    async with httpx2.AsyncClient() as http:
        revoked = await http.post(
            f"{issuer}/revoke_token/",
            data={
                "token": token,
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
            },
        )
    equal(revoked.status_code, 200, "InvenTree revokes the token")
    equal(new_tokens(), expected_rows[:-1], "its row is gone")
    await asyncio.sleep(CACHE_TTL_MS / 1000 + 0.2)
    refused = await bare_request(mcp_url, era, token)
    equal(refused.status_code, 401, "the revoked token is refused")
    equal(
        refused.headers.get_list("www-authenticate")[0],
        'Bearer error="invalid_token", error_description="The access token is invalid, expired '
        f'or revoked.", resource_metadata="{origin_of(mcp_url)}/.well-known/oauth-protected-resource{mcp_path}"',
        "with invalid_token",
    )
    if token != first_token:
        still = await bare_request(mcp_url, era, first_token)
        equal(still.status_code, 200, "the user's other token still works")


def origin_of(url: str) -> str:
    parsed = urlparse(url)
    return f"{parsed.scheme}://{parsed.netloc}"


def main() -> None:
    binary, server_url = sys.argv[1], sys.argv[2]
    workdir = REPO / "target" / "oauth-e2e"
    db_url = create_database(server_url)

    import authserver

    authserver.configure(django_database(db_url), str(HERE / "templates"))
    authserver.check_tables()
    origin, _ = authserver.serve()
    issuer = f"{origin}/o"
    register(origin)
    discovery = httpx2.get(f"{issuer}/.well-known/openid-configuration").json()
    equal(discovery["issuer"], issuer, "InvenTree's issuer")

    server, mcp_url = start_server(binary, db_url, issuer, workdir)
    try:
        for era in ERAS:
            for username in ["olivia", "oscar"]:
                asyncio.run(run_era(era, username, mcp_url, issuer, db_url))
    finally:
        server.terminate()
        server.wait()
    if failures:
        print(f"\n{len(failures)} check(s) failed; the server's log: {workdir / 'server.log'}")
        sys.exit(1)
    print("\nall checks passed")


if __name__ == "__main__":
    main()
