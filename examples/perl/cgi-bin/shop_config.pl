# Settings of the three sample scripts (the vendor's scripts had them at
# their top; edit them here). The environment overrides them, so that tests
# can choose their own files: SOGEN_PATHFILE, SOGEN_MERCHANT_ID,
# SOGEN_AUTORESPONSE_LOG, and SOGEN_LIBRARY for the library itself.
use strict;
use warnings;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Spec;
use JSON::PP ();

our $ROOT = abs_path(dirname(__FILE__) . '/../../..');

# The pathfile: its path is given to the library as it is (no quoting, no shell).
our $PATHFILE    = $ENV{SOGEN_PATHFILE}    || "$ROOT/demo/pathfile";
our $MERCHANT_ID = $ENV{SOGEN_MERCHANT_ID} || '000000000000001';
# The file call_autoresponse.cgi appends each automatic response to.
our $LOGFILE = $ENV{SOGEN_AUTORESPONSE_LOG} || File::Spec->tmpdir . '/sogen-autoresponse.log';
# What call_request.cgi sent for each order, one small file a transaction
# beside the log: a shop keeps it with its orders.
our $ORDERS = dirname($LOGFILE) . '/sogen-orders';

# demo/pathfile names its files relative to the repository root (an
# installation with absolute paths does not need this).
chdir $ROOT or die "$ROOT: $!";

# The binding: the repository's copy (an installed Sogen module works the same).
require lib;
lib->import("$ROOT/bindings/perl/lib");
# In a checkout, the release build is the library unless one is configured.
$ENV{SOGEN_LIBRARY} ||= "$ROOT/target/release/libsogen.so" if -f "$ROOT/target/release/libsogen.so";

# Records what the request sent (merchant_id, transaction_id, amount,
# currency_code): the values the response must carry back.
sub store_order {
    my ($order) = @_;
    mkdir $ORDERS, 0700 unless -d $ORDERS;
    open my $fh, '>:raw', "$ORDERS/$order->{transaction_id}.json" or die "$ORDERS: $!";
    print {$fh} JSON::PP->new->canonical->encode($order);
    close $fh or die "$ORDERS: $!";
}

# What call_request.cgi stored for a transaction (the expectations of its
# response), or undef: unknown, or not a transaction id (6 digits at most).
sub stored_order {
    my ($transaction_id) = @_;
    return undef unless defined $transaction_id && $transaction_id =~ /\A[0-9]{1,6}\z/;
    open my $fh, '<:raw', "$ORDERS/$transaction_id.json" or return undef;
    local $/;
    return JSON::PP->new->decode(scalar <$fh>);
}

1;
