# What the golden file cannot hold: a successful request carries the real
# clock (its DATA and transmission date), so its form is checked by shape,
# and its DATA read back by response.
use strict;
use warnings;
use Test2::V0;
use FindBin;
use lib "$FindBin::Bin/lib", "$FindBin::Bin/../lib";
use SogenTest qw(repo library golden_case DEMO_MERCHANT PATHFILE);
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

subtest 'pairs, array ref and hash ref make the same form' => sub {
    # Equal but for what the clock changes: DATA and nothing else.
    my $strip = sub { (my $s = shift) =~ s/NAME=DATA VALUE="[0-9a-f]+"//; $s };
    my $pairs = $sogen->request(@demo);
    like($pairs, qr/^!0!!<FORM METHOD=POST.*<\/FORM>!$/s, 'a form');
    is($strip->($sogen->request(['pathfile=' . PATHFILE, 'merchant_id=' . DEMO_MERCHANT, 'amount=2500'])), $strip->($pairs), 'array ref');
    is($strip->($sogen->request({@demo})), $strip->($pairs), 'hash ref');
};

subtest 'all 42 fields and the deciphered customer_id' => sub {
    my $f = $sogen->response_result(pathfile => PATHFILE, message => golden_case('accepted_all_fields')->{message})->{fields};
    is($f->{customer_id}, 'client-42', 'customer_id deciphered');
    is($f->{caddie}, "1 x cr\xE8me br\xFBl\xE9e ! 10%", 'latin-1 bytes and a !');
    ok(!utf8::is_utf8($f->{caddie}), 'a byte string');
    is($f->{complementary_info}, 'info ! bonus', 'another !');
};

subtest 'request DATA reads back' => sub {
    my $form = $sogen->request_result(@demo, transaction_id => 424242, order_id => 'ORDER-42', caddie => "panier \xE9t\xE9")->{form};
    my ($data) = $form =~ /NAME=DATA VALUE="([0-9a-f]+)"/;
    my $r = $sogen->response_result(message => $data, pathfile => PATHFILE);
    is($r->{code}, 0, 'read') or diag $r->{error};
    is([@{ $r->{fields} }{qw(merchant_id amount transaction_id order_id caddie)}],
        [DEMO_MERCHANT, '2500', '424242', 'ORDER-42', "panier \xE9t\xE9"], 'the values sent');
    like($r->{fields}{transmission_date}, qr/^\d{14}$/, 'a transmission date');
};

done_testing;
