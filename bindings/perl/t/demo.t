# The demo merchant of the repository (demo/pathfile): runs everywhere.
# Expected outputs are built here from what went in: the legacy framing and
# the values sealed into bindings/testdata/demo-responses.json.
use strict;
use warnings;
use Test2::V0;
use FindBin;
use lib "$FindBin::Bin/lib", "$FindBin::Bin/../lib";
use SogenTest qw(repo err_block response_names demo_responses library DEMO_MERCHANT PATHFILE normalize);
use Sogen;

chdir repo() or die;    # demo/pathfile names its files relative to the repository root
my $sogen = Sogen->new(library => library());
my $ACTION = 'http://127.0.0.1:8090/cgis-payment/demo/callpayment';
my @demo = (pathfile => PATHFILE, merchant_id => DEMO_MERCHANT, amount => 2500);

subtest 'request gives the demo form' => sub {
    my $r = $sogen->request_result(@demo, order_id => 'ORDER-1');
    is([@$r{qw(code error exit_status debug)}], [0, undef, 0, ''], 'code, error, exit status, debug');
    like($r->{form}, qr/^\Q<FORM METHOD=POST ACTION="$ACTION" target="_top">\E/, 'posts to the sandbox');
    like($r->{form}, qr/NAME=$_ /, "offers $_") for qw(CB VISA MASTERCARD);
    like($r->{form}, qr/NAME=DATA VALUE="[0-9a-f]{400,}"/, 'carries DATA');
    is($r->{output}, "!0!!$r->{form}!", 'legacy framing');
};

subtest 'pairs, array ref and hash ref make the same request' => sub {
    my $pairs = $sogen->request(@demo);
    like($pairs, qr/^!0!!<FORM METHOD=POST.*<\/FORM>!$/s, 'a form');
    is(normalize($sogen->request(['pathfile=' . PATHFILE, 'merchant_id=' . DEMO_MERCHANT, 'amount=2500'])), normalize($pairs), 'array ref');
    is(normalize($sogen->request({@demo})), normalize($pairs), 'hash ref');
};

my $m = DEMO_MERCHANT;
my @request_errors = (
    ['unknown keyword', ['toto=1'], '!-1!Invalid Keyword in parameter (toto=1)!!', 255],
    ['45 arguments', [("merchant_id=$m") x 45], '!-1!invalid number of arguments (must be <= 44 )!!', 255],
    ['amount not numeric', ['pathfile=demo/pathfile', "merchant_id=$m", 'amount=25a00'],
        '!-1!' . err_block('Error in call parameters structure', 'amount (25a00) not numeric') . '!!', 0],
    ['no pathfile', ['pathfile=missing/pathfile', "merchant_id=$m", 'amount=2500'],
        '!-1!' . err_block('Error reading pathfile', 'missing/pathfile') . '!!', 0],
    ['unknown merchant', ['pathfile=demo/pathfile', 'merchant_id=000000000000002', 'amount=2500'],
        '!-1!' . err_block('Error reading merchant parameters definition', 'demo/param/parmcom.000000000000002') . '!!', 0],
);
for my $t (@request_errors) {
    my ($name, $args, $output, $exit) = @$t;
    subtest "request error: $name" => sub {
        is($sogen->request($args), $output, 'legacy string');
        my $r = $sogen->request_result($args);
        is([@$r{qw(code output exit_status form)}], [-1, $output, $exit, ''], 'parsed');
        ok(index($output, $r->{error}) >= 0, 'the error is in the legacy string');
    };
}

for my $t (
    ['no arguments', [], '!-1!invalid number of arguments (must be > 1)!!'],
    ['short message', ['pathfile=demo/pathfile', 'message=0123456789abcdef'],
        '!-1!' . err_block('Error get DATA response parameter ', 'wrong length') . ('!' x 42)],
) {
    my ($name, $args, $output) = @$t;
    subtest "response error: $name" => sub {
        is($sogen->response($args), $output, 'legacy string');
        my $r = $sogen->response_result($args);
        is([@$r{qw(code output)}], [-1, $output], 'parsed');
        is([grep { length } values %{ $r->{fields} }], [], 'no field');
    };
}

my $demo = demo_responses();
my @names = response_names();
is(\@Sogen::RESPONSE_FIELDS, \@names, '@RESPONSE_FIELDS is the output order of the core');

for my $case (@{ $demo->{cases} }) {
    subtest "demo response $case->{name}" => sub {
        my @args = (pathfile => PATHFILE, message => $case->{message});
        # The legacy line: code 0, no debug, the 42 values joined by '!'.
        my $output = '!0!!' . join('!', map { $case->{fields}{$_} } @names);
        is($sogen->response(@args), $output, 'legacy string');
        my $r = $sogen->response_result(@args);
        is([@$r{qw(code error exit_status output)}], [0, undef, 0, $output], 'parsed');
        is($r->{fields}, $case->{fields}, 'the 42 values sealed');
    };
}

subtest 'all 42 fields and the deciphered customer_id' => sub {
    my ($case) = grep { $_->{name} eq 'accepted_all_fields' } @{ $demo->{cases} };
    ok($case->{customer_id_ciphered}, 'customer_id travels enciphered');
    is([grep { !length } values %{ $case->{fields} }], [], 'all 42 set');
    my $f = $sogen->response_result(pathfile => PATHFILE, message => $case->{message})->{fields};
    is($f->{customer_id}, 'client-42', 'customer_id deciphered');
    is($f->{caddie}, "1 x cr\xE8me br\xFBl\xE9e ! 10%", 'latin-1 bytes and a !');
    ok(!utf8::is_utf8($f->{caddie}), 'a byte string');
    is($f->{complementary_info}, 'info ! bonus', 'another !');
};

for my $where (qw(mac payload)) {
    subtest "message altered in the $where fails the MAC" => sub {
        my $message = $demo->{cases}[0]{message};
        my $i = $where eq 'mac' ? length($message) - 1 : int(length($message) / 2);
        substr($message, $i, 1) = substr($message, $i, 1) eq '0' ? '1' : '0';
        my $r = $sogen->response_result(pathfile => PATHFILE, message => $message);
        # No .old certificate beside the demo one: the legacy reports the MAC
        # failure as the failure to open it.
        my $detail = 'error open certificate file demo/param/certif.fr.000000000000001.old.php';
        is($r->{code}, -1, 'code');
        is($r->{error}, "Error in MAC key generation ($detail)", 'error');
        is($r->{output}, '!-1!' . err_block('Error in MAC key generation', $detail) . ('!' x 42), 'legacy string');
    };
}

subtest 'request DATA reads back' => sub {
    my $form = $sogen->request_result(@demo, transaction_id => 424242, order_id => 'ORDER-42', caddie => "panier \xE9t\xE9")->{form};
    my ($data) = $form =~ /NAME=DATA VALUE="([0-9a-f]+)"/;
    my $r = $sogen->response_result(message => $data, pathfile => PATHFILE);
    is($r->{code}, 0, 'read') or diag $r->{error};
    is([@{ $r->{fields} }{qw(merchant_id amount transaction_id order_id caddie)}],
        [DEMO_MERCHANT, '2500', '424242', 'ORDER-42', "panier \xE9t\xE9"], 'the values sent');
};

done_testing;
