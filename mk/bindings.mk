# Bindings (issue 4): C (install, pkg-config, examples/c), Python, PHP, Perl,
# and the vendor's three sample scripts on each (examples/). See docs/bindings.md.
#
#   make install PREFIX=/usr/local   the library (SONAME libsogen.so.1 and links),
#                                    libsogen.a, sogen.h, libsogen.pc, the executables
#   make uninstall PREFIX=…          removes them
#   make test-bindings               test-c test-python test-php test-perl
#
# Everything runs offline once the Debian packages are there: the Python
# package is built with Debian's setuptools (no build isolation), PHPUnit and
# Composer are Debian's, the Perl modules too.

DEPS_TARGETS += deps-bindings
TEST_TARGETS += test-c test-python test-php test-perl

LIBDIR ?= $(PREFIX)/lib
SOGEN_VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
BINDINGS_TMP := target/bindings
# Debian's interpreter, whose packages deps-bindings installs (not a pyenv shim).
PYTHON3 ?= $(firstword $(wildcard /usr/bin/python3) python3)
PY_VENV := $(BINDINGS_TMP)/venv

.PHONY: deps-bindings test-bindings test-c test-python test-php test-perl

deps-bindings:
	@scripts/ensure-debs.sh gcc libc6-dev binutils pkg-config make \
		python3 python3-venv python3-setuptools python3-wheel python3-pytest \
		php-cli phpunit composer \
		perl libffi-platypus-perl libffi-checklib-perl libtest2-suite-perl libcgi-pm-perl

test-bindings: test-c test-python test-php test-perl

# --- C: `make install` into a scratch prefix, then bindings/c/test.sh.
install: release tools
	@readelf -d target/release/libsogen.so | grep -q 'SONAME.*\[libsogen\.so\.1\]' \
		|| { echo "target/release/libsogen.so has no SONAME libsogen.so.1 (build.rs sets it)"; exit 1; }
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/bin
	install -m 755 target/release/libsogen.so $(DESTDIR)$(LIBDIR)/libsogen.so.$(SOGEN_VERSION)
	ln -sf libsogen.so.$(SOGEN_VERSION) $(DESTDIR)$(LIBDIR)/libsogen.so.1
	ln -sf libsogen.so.1 $(DESTDIR)$(LIBDIR)/libsogen.so
	install -m 644 target/release/libsogen.a $(DESTDIR)$(LIBDIR)/libsogen.a
	install -m 644 include/sogen.h $(DESTDIR)$(PREFIX)/include/sogen.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@VERSION@|$(SOGEN_VERSION)|' \
		bindings/c/libsogen.pc.in >$(DESTDIR)$(LIBDIR)/pkgconfig/libsogen.pc
	install -m 755 target/release/request target/release/response target/release/sogen $(DESTDIR)$(PREFIX)/bin/
	@# The loader's cache, for the directories it already searches.
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null \
		&& ldconfig -v -N 2>/dev/null | grep -q '^$(LIBDIR):'; then ldconfig; fi

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/libsogen.so.$(SOGEN_VERSION) $(DESTDIR)$(LIBDIR)/libsogen.so.1 \
		$(DESTDIR)$(LIBDIR)/libsogen.so $(DESTDIR)$(LIBDIR)/libsogen.a \
		$(DESTDIR)$(LIBDIR)/pkgconfig/libsogen.pc $(DESTDIR)$(PREFIX)/include/sogen.h \
		$(DESTDIR)$(PREFIX)/bin/request $(DESTDIR)$(PREFIX)/bin/response $(DESTDIR)$(PREFIX)/bin/sogen

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
# directory), then prove runs the Test2 tests.
test-perl: deps-bindings release
	@rm -rf $(BINDINGS_TMP)/perl5
	cd bindings/perl && env -u MAKEFLAGS -u MAKELEVEL sh -c \
		'perl Makefile.PL INSTALL_BASE=$(CURDIR)/$(BINDINGS_TMP)/perl5 >/dev/null && make >/dev/null && make install >/dev/null && make realclean >/dev/null'
	SOGEN_LIBRARY=$(CURDIR)/target/release/libsogen.so PERL5LIB=$(CURDIR)/$(BINDINGS_TMP)/perl5/lib/perl5 \
		perl -MSogen -e 'Sogen->version eq "$(SOGEN_VERSION)" or die "installed Sogen: wrong version\n"; print "installed Sogen.pm loads libsogen ", Sogen->version, "\n"'
	cd bindings/perl && SOGEN_LIBRARY=$(CURDIR)/target/release/libsogen.so prove -l -r t
