#!/usr/bin/perl
# call_request: shows the payment means of the shop; the customer's click
# posts the signed DATA to the payment server. (The vendor's sample ran the
# `request` executable; this calls libsogen in-process.)
use strict;
use warnings;
use CGI qw(escapeHTML);
use FindBin;
BEGIN { require "$FindBin::Bin/shop_config.pl" }
use Sogen;

our ($PATHFILE, $MERCHANT_ID);
my $q = CGI->new;
(my $amount = $q->url_param('amount') // '') =~ s/\D//g;
$amount ||= '2500';
# The return pages beside this one, whatever the server and port.
(my $here = $q->url) =~ s{/[^/]*$}{};
my @t = localtime;

# The request: keyword => value, as in the data dictionary. The parmcom files
# of the pathfile give the rest; a value given here wins over them.
my $result = Sogen->request_result(
    merchant_id      => $MERCHANT_ID,
    merchant_country => 'fr',
    amount           => $amount,        # in cents: 25.00 EUR
    currency_code    => '978',          # EUR
    pathfile         => $PATHFILE,
    # transaction_id => '123456',       # default: the time, hhmmss (one order per second)
    normal_return_url      => "$here/call_response.cgi",
    cancel_return_url      => "$here/call_response.cgi",
    automatic_response_url => "$here/call_autoresponse.cgi",
    # language => 'fr', payment_means => 'CB,2,VISA,2,MASTERCARD,2', header_flag => 'yes',
    customer_id => 'client-42',
    order_id    => sprintf('ORDER-%02d%02d%02d', @t[2, 1, 0]),
    caddie      => '1 x sample item',
);

# The plug-in's strings are bytes, latin-1 for the vendor's texts.
print $q->header(-type => 'text/html', -charset => 'ISO-8859-1');
printf <<'HTML', sprintf('%d,%02d', int($amount / 100), $amount % 100);
<!DOCTYPE html>
<html>
<head><title>Sogenactif - demo shop</title></head>
<body style="font-family: sans-serif">
<h1>Demo shop</h1>
<p>Your order: <b>%s EUR</b>.</p>
HTML
if ($result->{code} != 0) {
    print '<p id="shop-error">Payment API error (request):</p><pre>', escapeHTML($result->{error}), "</pre>\n";
}
# DEBUG!YES! in the pathfile: the plug-in's own HTML first; then the payment means.
print $result->{debug}, $result->{form}, "\n</body>\n</html>\n";
