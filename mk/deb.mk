# Debian packages and versions (docs/bindings.md, "Debian packages").
#
#   make deb            libsogen1, libsogen-dev, sogen, php-sogen, python3-sogen,
#                       libsogen-perl under target/debian/ (dpkg-deb)
#   make test-deb       builds them, installs them with dpkg -i, runs the smoke
#                       tests (C, PHP, Python, Perl, the executables) from a
#                       directory outside the tree with no SOGEN_* variable,
#                       then purges them, also when a test fails   (make test)
#   make test-versions  the crates, sogen_version(), the bindings, the
#                       packages, the man pages and CHANGELOG.md agree (make test)

DEPS_TARGETS += deps-deb
TEST_TARGETS += test-deb test-versions

DEB_OUT := target/debian
DEB_STAGE := $(DEB_OUT)/stage

.PHONY: deps-deb deb test-deb test-versions

deps-deb:
	@scripts/ensure-debs.sh dpkg-dev binutils gzip gcc libc6-dev pkg-config perl python3 php-cli libffi-platypus-perl

# (install builds the library, the executables and sogen first.)
deb:
	@rm -rf $(DEB_OUT) && mkdir -p $(DEB_OUT)
	@$(MAKE) --no-print-directory install DESTDIR=$(CURDIR)/$(DEB_STAGE) PREFIX=/usr \
		LIBDIR=/usr/lib/$$(dpkg-architecture -qDEB_HOST_MULTIARCH) >/dev/null
	packaging/build-debs.sh $(DEB_STAGE) $(DEB_OUT) $(SOGEN_VERSION)

test-deb: deps-deb deb
	packaging/test-debs.sh $(DEB_OUT)

# After test-deb in make test: `tools` then rebuilds nothing.
test-versions: tools
	@test -f target/release/libsogen.so || $(CARGO) build --release
	packaging/check-versions.sh
