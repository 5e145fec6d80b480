"""serving/speed, in effect in a running server: its sockets send each message at once (send_at_once), and its
runs take their theme ready-made (build_theme_once).

The first test looks at the server's own sockets: pidfd_getfd (Linux 5.6+) gives this process a copy of each
of the server's file descriptors, whose options it can read. Without send_at_once they are 0, as
Streamlit leaves them.
"""

import ctypes
import os
import socket

from .conftest import Server, open_page, press

SYS_PIDFD_GETFD = 438  # the same number on x86-64 and arm64


def tcp_sockets_of(pid):
    """Yield (local port, TCP_NODELAY) for every TCP socket the process `pid` holds."""
    libc = ctypes.CDLL(None, use_errno=True)
    pidfd = os.pidfd_open(pid)
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            if not os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"):
                continue
            copy = libc.syscall(SYS_PIDFD_GETFD, pidfd, int(fd), 0)
            if copy < 0:
                raise OSError(ctypes.get_errno(), f"pidfd_getfd of the server's descriptor {fd}")
            sock = socket.socket(fileno=copy)
            try:
                if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
                    yield sock.getsockname()[1], sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            finally:
                sock.close()  # closes this process's copy only
    finally:
        os.close(pidfd)


def test_a_running_servers_listening_socket_and_connections_send_without_delay(server, page):
    sockets = list(tcp_sockets_of(server.proc.pid))
    on_port = [nodelay for port, nodelay in sockets if port == server.port]
    assert len(on_port) >= 2, sockets  # the listening socket and the page's connection at least
    assert all(nodelay == 1 for nodelay in on_port), sockets


# Put first on the server's path, Python runs this at its start: it writes down each section of Streamlit's
# config that is read, as a run's new_session message reads each theme section.
COUNT_READS = """
import streamlit.config as config
_read = config.get_options_for_section
def get_options_for_section(section):
    with open({path!r}, "a") as f:
        f.write(section + "\\n")
    return _read(section)
config.get_options_for_section = get_options_for_section
"""


def test_a_running_servers_runs_read_the_theme_once_and_show_it(browser, tmp_path):
    reads = tmp_path / "reads"
    (tmp_path / "sitecustomize.py").write_text(COUNT_READS.format(path=str(reads)))
    server = Server(env={"PYTHONPATH": str(tmp_path)})
    try:
        page = open_page(browser, server.url)
        press(page, "+1", epoch=1)
        read_before = reads.read_text().split()
        for epoch in (2, 3, 4):
            press(page, "+1", epoch=epoch)  # three more runs, each with its new_session message
        read_after = reads.read_text().split()
        text_color = page.evaluate("getComputedStyle(document.querySelector('[data-testid=stApp]')).color")
        page.context.close()
    finally:
        server.stop()
    theme_reads = [section for section in read_after if section.startswith("theme")]
    assert len(set(theme_reads)) == 6 and theme_reads == [s for s in read_before if s.startswith("theme")]
    assert text_color == "rgb(17, 24, 39)"  # the theme's textColor (.streamlit/config.toml), after every run
