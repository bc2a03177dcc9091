# Bindings: C (install, pkg-config, examples/c), Python, PHP, Perl, and the
# vendor's three sample scripts on each (examples/). See docs/bindings.md.
#
#   make install PREFIX=/usr/local   the library (SONAME libsogen.so.1 and links),
#                                    libsogen.a, sogen.h, libsogen.pc, the `sogen`
#                                    command, the drop-in request/response in
#                                    lib/sogen/ (not on the PATH), the man pages
#   make uninstall PREFIX=…          removes them
#   make test-bindings               test-c test-python test-php test-perl
#
# Everything runs offline once the Debian packages are there: the Python
# package is built with Debian's setuptools (no build isolation), PHPUnit and
# Composer are Debian's, the Perl modules too.

DEPS_TARGETS += deps-bindings
TEST_TARGETS += test-c test-python test-php test-perl

LIBDIR ?= $(PREFIX)/lib
MANDIR ?= $(PREFIX)/share/man
SOGEN_VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
BINDINGS_TMP := target/bindings
# Debian's interpreter, whose packages deps-bindings installs (not a pyenv shim).
PYTHON3 ?= $(firstword $(wildcard /usr/bin/python3) python3)
PY_VENV := $(BINDINGS_TMP)/venv
# A C program built with pkg-config finds a library outside the loader's
# directories through an rpath the .pc file adds (none for /usr/lib, /usr/local/lib…).
LOADER_KNOWS_LIBDIR = $(shell /sbin/ldconfig -v -N 2>/dev/null | grep -q '^$(LIBDIR):' && echo yes)
PC_RPATH = $(if $(LOADER_KNOWS_LIBDIR),, -Wl,-rpath,$${libdir})
INSTALLED = $(LIBDIR)/libsogen.so.$(SOGEN_VERSION) $(LIBDIR)/libsogen.so.1 $(LIBDIR)/libsogen.so \
	$(LIBDIR)/libsogen.a $(LIBDIR)/pkgconfig/libsogen.pc $(PREFIX)/include/sogen.h $(PREFIX)/bin/sogen \
	$(PREFIX)/lib/sogen/request $(PREFIX)/lib/sogen/response \
	$(MANDIR)/man1/request.1 $(MANDIR)/man1/response.1 $(MANDIR)/man1/sogen.1

.PHONY: deps-bindings test-bindings test-c test-python test-php test-perl

deps-bindings:
	@scripts/ensure-debs.sh gcc libc6-dev binutils pkg-config make \
		python3 python3-venv python3-setuptools python3-wheel python3-pytest \
		php-cli phpunit composer \
		perl libffi-platypus-perl libtest2-suite-perl libcgi-pm-perl

test-bindings: test-c test-python test-php test-perl

# --- C: `make install` into a scratch prefix, then bindings/c/test.sh.
install: release tools
	@readelf -d target/release/libsogen.so | grep -q 'SONAME.*\[libsogen\.so\.1\]' \
		|| { echo "target/release/libsogen.so has no SONAME libsogen.so.1 (build.rs sets it)"; exit 1; }
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/bin \
		$(DESTDIR)$(PREFIX)/lib/sogen $(DESTDIR)$(MANDIR)/man1
	install -m 755 target/release/libsogen.so $(DESTDIR)$(LIBDIR)/libsogen.so.$(SOGEN_VERSION)
	ln -sf libsogen.so.$(SOGEN_VERSION) $(DESTDIR)$(LIBDIR)/libsogen.so.1
	ln -sf libsogen.so.1 $(DESTDIR)$(LIBDIR)/libsogen.so
	install -m 644 target/release/libsogen.a $(DESTDIR)$(LIBDIR)/libsogen.a
	install -m 644 include/sogen.h $(DESTDIR)$(PREFIX)/include/sogen.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@VERSION@|$(SOGEN_VERSION)|' \
		-e 's|@RPATH@|$(PC_RPATH)|' bindings/c/libsogen.pc.in >$(DESTDIR)$(LIBDIR)/pkgconfig/libsogen.pc
	install -m 755 target/release/sogen $(DESTDIR)$(PREFIX)/bin/sogen
	install -m 755 target/release/request target/release/response $(DESTDIR)$(PREFIX)/lib/sogen/
	install -m 644 man/request.1 man/response.1 man/sogen.1 $(DESTDIR)$(MANDIR)/man1/
	@# The loader's cache, for the directories it already searches.
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && [ -n "$(LOADER_KNOWS_LIBDIR)" ]; then /sbin/ldconfig; fi

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	-rmdir $(DESTDIR)$(PREFIX)/lib/sogen 2>/dev/null

test-c: deps-bindings release
	@rm -rf $(BINDINGS_TMP)/c
	@$(MAKE) --no-print-directory install PREFIX=$(CURDIR)/$(BINDINGS_TMP)/c/prefix >/dev/null
	bindings/c/test.sh $(CURDIR)/$(BINDINGS_TMP)/c/prefix
	@$(MAKE) --no-print-directory uninstall PREFIX=$(CURDIR)/$(BINDINGS_TMP)/c/prefix >/dev/null
	@test -z "$$(find $(BINDINGS_TMP)/c/prefix -type f -o -type l)" || { echo "make uninstall left files behind"; exit 1; }

# --- Python: `pip install bindings/python` into a venv (the wheel bundles the
# release library), then pytest on the installed package, SOGEN_LIBRARY unset.
test-python: deps-bindings release
	@test -x $(PY_VENV)/bin/python || $(PYTHON3) -m venv --system-site-packages $(PY_VENV)
	$(PY_VENV)/bin/python -m pip install -q --no-build-isolation --no-index --no-deps --force-reinstall ./bindings/python
	@rm -rf bindings/python/build bindings/python/src/sogen.egg-info
	cd bindings/python && env -u SOGEN_LIBRARY SOGEN_EXPECT_BUNDLED=1 \
		$(CURDIR)/$(PY_VENV)/bin/python -m pytest -p no:cacheprovider -q -rs

# --- PHP: PHPUnit (Debian's), FFI on the release build; the tests also start
# `php -S` with FFI::cdef, with the preloaded scope, and check Composer.
test-php: deps-bindings release
	@php -m | grep -qx FFI || { echo "PHP's FFI extension is not loaded (Debian: php8.x-common, conf.d/20-ffi.ini)"; exit 1; }
	cd bindings/php && SOGEN_LIBRARY=$(CURDIR)/target/release/libsogen.so phpunit

# --- Perl: Makefile.PL builds and installs the module (into a scratch
# directory) recording a library directory, which the installed module then
# finds with no SOGEN_LIBRARY; prove runs the Test2 tests.
PERL_LIBDIR := $(BINDINGS_TMP)/perl-libdir

test-perl: deps-bindings release
	@rm -rf $(BINDINGS_TMP)/perl5 $(PERL_LIBDIR) && mkdir -p $(PERL_LIBDIR)
	@ln -s $(CURDIR)/target/release/libsogen.so $(PERL_LIBDIR)/libsogen.so.1
	cd bindings/perl && env -u MAKEFLAGS -u MAKELEVEL sh -c \
		'perl Makefile.PL SOGEN_LIBDIR=$(CURDIR)/$(PERL_LIBDIR) INSTALL_BASE=$(CURDIR)/$(BINDINGS_TMP)/perl5 >/dev/null && make >/dev/null && make install >/dev/null && make realclean >/dev/null'
	env -u SOGEN_LIBRARY PERL5LIB=$(CURDIR)/$(BINDINGS_TMP)/perl5/lib/perl5 perl -MSogen -e \
		'Sogen->path eq "$(CURDIR)/$(PERL_LIBDIR)/libsogen.so.1" or die "installed Sogen: not the recorded library: ", Sogen->path, "\n"; Sogen->version eq "$(SOGEN_VERSION)" or die "installed Sogen: wrong version\n"; print "installed Sogen.pm loads the recorded ", Sogen->path, " ", Sogen->version, "\n"'
	cd bindings/perl && SOGEN_LIBRARY=$(CURDIR)/target/release/libsogen.so prove -l -r t
