#ifndef PIIVAULT_CLINUX_SHIM_H
#define PIIVAULT_CLINUX_SHIM_H
// Linux-only libc headers that Swift's Glibc module does not export (the event loop's epoll and eventfd).
// No library is linked: these live in libc itself.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

// accept4 is declared only under _GNU_SOURCE, which the Glibc module is not built with.
extern int accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags);

static inline int piivault_accept_nonblocking(int fd) {
    return accept4(fd, 0, 0, SOCK_NONBLOCK | SOCK_CLOEXEC);
}
// A blocking socket (the peer channel's connection threads read with timeouts instead of polling).
static inline int piivault_accept_blocking(int fd) {
    return accept4(fd, 0, 0, SOCK_CLOEXEC);
}
#endif
