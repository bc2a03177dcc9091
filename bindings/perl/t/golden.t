# Every case of bindings/testdata/golden.json through the binding: the exact
# bytes, the parsed result, and the same arguments as keyword => value pairs.
use strict;
use warnings;
use Test2::V0;
use FindBin;
use lib "$FindBin::Bin/lib", "$FindBin::Bin/../lib";
use SogenTest qw(repo library golden);
use Sogen;

chdir repo() or die;    # demo/pathfile names its files relative to the repository root
my $sogen = Sogen->new(library => library());
my $golden = golden();
is(\@Sogen::RESPONSE_FIELDS, $golden->{response_fields}, '@RESPONSE_FIELDS is the output order');

# The arguments as pairs, when each is keyword=value with distinct keywords.
sub pairs {
    my @pairs = map { [split /=/, $_, 2] } @_;
    my %seen;
    return if grep { @$_ != 2 || $seen{ $_->[0] }++ } @pairs;
    return map { @$_ } @pairs;
}

sub check_parts {
    my ($case, $r) = @_;
    is([@$r{qw(code error exit_status output)}], [@$case{qw(code error exit_status output)}], 'code, error, exit status, output');
    if ($case->{program} eq 'request') {
        is([@$r{qw(debug form)}], [@$case{qw(debug form)}], 'debug and form');
    } else {
        is($r->{fields}, $case->{fields}, 'the 42 fields');
    }
    ok(!grep({ utf8::is_utf8($_) } $r->{output}, values %{ $r->{fields} || {} }), 'byte strings');
}

for my $case (@{ $golden->{cases} }) {
    subtest $case->{name} => sub {
        my $program = $case->{program};
        is($sogen->$program($case->{args}), $case->{output}, 'exact bytes (array ref)');
        check_parts($case, $sogen->${\"${program}_result"}($case->{args}));
        my @pairs = pairs(@{ $case->{args} });
        is($sogen->$program(@pairs), $case->{output}, 'pairs') if @pairs || !@{ $case->{args} };
    };
}

for my $refused (@{ $golden->{refused} }) {
    like(dies { $sogen->request($refused->{args}) }, qr/NUL byte/, "refused before the call: $refused->{name}");
}

done_testing;
