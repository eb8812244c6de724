# Build and install Roster as a systemd service. See README "Running in production".
#   make install [DESTDIR=/staging] [PREFIX=/usr/local]    build release, install binary, unit, config
#   make uninstall                                           remove binary and unit (never config or data)
#   make install NO_BUILD=1 BINARY=path                      install an already built binary
PREFIX ?= /usr/local
SYSCONFDIR ?= /etc
UNITDIR ?= /etc/systemd/system
BINARY ?= .build/release/roster
DESTDIR ?=
NO_BUILD ?=

export DESTDIR PREFIX SYSCONFDIR UNITDIR BINARY

.PHONY: all build install uninstall test

all: build

build:
ifeq ($(NO_BUILD),)
	scripts/bootstrap
	swift build -c release --product roster
endif

install: build
	scripts/install install

uninstall:
	scripts/install uninstall

test:
	scripts/test
