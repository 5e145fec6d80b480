"""serving/speed.send_at_once, in effect in a running server: its sockets send each message at once (TCP_NODELAY).

The test looks at the server's own sockets: pidfd_getfd (Linux 5.6+) gives this process a copy of each
of the server's file descriptors, whose options it can read. Without send_at_once they are 0, as
Streamlit leaves them.
"""

import ctypes
import os
import socket

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
