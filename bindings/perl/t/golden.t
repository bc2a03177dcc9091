# Every case of bindings/testdata/golden.json through the binding: the exact
# bytes, the parsed result, and the same arguments as keyword => value pairs.
use strict;
use warnings;
use Test2::V0;
use FindBin;
use lib "$FindBin::Bin/lib", "$FindBin::Bin/../lib";
use SogenTest qw(repo library golden golden_case);
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

subtest 'P617 keywords pass like any other' => sub {
    # A shop on kit version P617 writes its new keywords as it writes the others.
    my @args = (pathfile => 'bindings/testdata/p617.pathfile', merchant_id => '000000000000001', amount => '12x',
        customer_name => "Zo\xE9", customer_firstname => "Ana\xC3\xAFs", billing_city => "Saint-\xC9tienne",
        delivery_company => 'A ! B', home_zipcode => 42000);
    is($sogen->request(@args), golden_case('p617_request_new_keywords')->{output}, 'pairs');
    is($sogen->request({@args}), $sogen->request(sort_pairs(@args)), 'hash ref, sorted');
    like($sogen->request(pathfile => 'demo/pathfile', billing_city => 'Paris'),
        qr/Invalid Keyword in parameter \(billing_city=Paris\)/, 'unknown on P615');
};

subtest 'expectations pass like any other argument' => sub {
    my $case = golden_case('expected_amount_differs');
    my @args = (pathfile => 'demo/pathfile', message => golden_case('accepted_all_fields')->{message},
        expected_amount => 2501, expected_max_age => 1_000_000_000);
    is($sogen->response(@args), $case->{output}, 'exact bytes');
    is($sogen->response_result(@args)->{error}, $case->{error}, 'the error');
};

# keyword => value pairs sorted by keyword.
sub sort_pairs {
    my %h = @_;
    return map { ($_ => $h{$_}) } sort keys %h;
}

for my $refused (@{ $golden->{refused} }) {
    like(dies { $sogen->request($refused->{args}) }, qr/NUL byte/, "refused before the call: $refused->{name}");
}

done_testing;
