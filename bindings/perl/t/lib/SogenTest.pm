package SogenTest;

# Helpers shared by the tests: the repository, the demo merchant, the golden
# file (bindings/testdata/golden.json, written by tests/golden_bindings.rs).

use strict;
use warnings;

use Cwd qw(abs_path);
use Exporter 'import';
use File::Basename qw(dirname);
use JSON::PP ();

our @EXPORT_OK = qw(repo library slurp json_file golden golden_case DEMO_MERCHANT PATHFILE);

use constant DEMO_MERCHANT => '000000000000001';
use constant PATHFILE      => 'demo/pathfile';

my $REPO = abs_path(dirname(__FILE__) . '/../../../..');
sub repo { $REPO }

sub library { $ENV{SOGEN_LIBRARY} || "$REPO/target/release/libsogen.so" }

sub slurp {
    my ($file) = @_;
    open my $fh, '<:raw', $file or die "$file: $!";
    local $/;
    return scalar <$fh>;
}

# A JSON file of bindings/testdata with every string as bytes (its code points are bytes).
sub json_file {
    my ($name) = @_;
    return _bytes(JSON::PP->new->utf8->decode(slurp("$REPO/bindings/testdata/$name")));
}

my $golden;
sub golden { return $golden //= json_file('golden.json') }

sub _bytes {
    my ($v) = @_;
    return [map { _bytes($_) } @$v] if ref $v eq 'ARRAY';
    return { map { $_ => _bytes($v->{$_}) } keys %$v } if ref $v eq 'HASH';
    utf8::downgrade($v) if defined $v && !ref $v;
    return $v;
}

sub golden_case {
    my ($name) = @_;
    my ($case) = grep { $_->{name} eq $name } @{ golden()->{cases} };
    return $case // die "no golden case $name";
}

1;
