# Settings of the three sample scripts (the vendor's scripts had them at
# their top; edit them here). The environment overrides them, so that tests
# can choose their own files: SOGEN_PATHFILE, SOGEN_MERCHANT_ID,
# SOGEN_AUTORESPONSE_LOG, and SOGEN_LIBRARY for the library itself.
use strict;
use warnings;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Spec;

our $ROOT = abs_path(dirname(__FILE__) . '/../../..');

# The pathfile: its path is given to the library as it is (no quoting, no shell).
our $PATHFILE    = $ENV{SOGEN_PATHFILE}    || "$ROOT/demo/pathfile";
our $MERCHANT_ID = $ENV{SOGEN_MERCHANT_ID} || '000000000000001';
# The file call_autoresponse.cgi appends each automatic response to.
our $LOGFILE = $ENV{SOGEN_AUTORESPONSE_LOG} || File::Spec->tmpdir . '/sogen-autoresponse.log';

# demo/pathfile names its files relative to the repository root (an
# installation with absolute paths does not need this).
chdir $ROOT or die "$ROOT: $!";

# The binding: the repository's copy (an installed Sogen module works the same).
require lib;
lib->import("$ROOT/bindings/perl/lib");
# In a checkout, the release build is the library unless one is configured.
$ENV{SOGEN_LIBRARY} ||= "$ROOT/target/release/libsogen.so" if -f "$ROOT/target/release/libsogen.so";

1;
