"""Talking to a running `mutu serve` from the benchmark: plain HTTP/1.1 over loopback with
the standard library (no client library between the measure and what the server sends),
a lead's login as a browser does it, and the time and size of a page."""
import http.client
import re
import socket
import time
import urllib.parse


class Session:
    """A browser's view of one server: its cookies, and the pages it reads."""

    def __init__(self, port, cookie=""):
        self.port = port
        self.cookie = cookie

    def request(self, method, path, body=None, headers=None):
        """(status, headers dict in lower case, body bytes, seconds to the last byte)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        h = {"Connection": "close"}
        if self.cookie:
            h["Cookie"] = self.cookie
        h.update(headers or {})
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=h)
        response = conn.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - started
        heads = {}
        for k, v in response.getheaders():
            heads.setdefault(k.lower(), []).append(v)
        conn.close()
        return response.status, heads, data, elapsed

    def page(self, path):
        """(status, body text, seconds, bytes)."""
        status, _, data, elapsed = self.request("GET", path)
        return status, data.decode("utf-8", "replace"), elapsed, len(data)


def cookie_of(heads, name):
    for line in heads.get("set-cookie", []):
        first = line.split(";", 1)[0]
        if first.startswith(name + "="):
            return first
    return None


def login(port, email, password):
    """Logs in on the login page; the session with its cookie, or the status refused."""
    s = Session(port)
    status, heads, _, _ = s.request("GET", "/connexion")
    form_cookie = cookie_of(heads, "mutu_login")
    token = form_cookie.split("=", 1)[1]
    body = urllib.parse.urlencode({"email": email, "password": password, "csrf": token})
    s.cookie = form_cookie
    status, heads, _, _ = s.request("POST", "/connexion", body=body,
                                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    session = cookie_of(heads, "mutu_session")
    if status != 303 or not session:
        return None, status
    return Session(port, session), status


def first_service(html, wave):
    """The best-ranked service of an opportunities page (its first link to a service)."""
    m = re.search(r'href="/vagues/%s/opportunites/([a-z0-9_]+)"' % re.escape(wave), html)
    return m.group(1) if m else None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, server, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if server.poll() is not None:
            raise RuntimeError("mutu serve exited early")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("mutu serve did not listen")


def wait_ready(port, server, timeout=300):
    """Waits for `GET /sante` to answer 200: the server has read its newest waves and
    computed what their first pages need (a load balancer would send it nothing before)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if server.poll() is not None:
            raise RuntimeError("mutu serve exited early")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("GET", "/sante")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.05)
    raise RuntimeError("mutu serve was never ready")
