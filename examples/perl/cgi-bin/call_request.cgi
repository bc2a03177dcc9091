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

# What the response must carry back (call_response.cgi checks it): stored
# below. (Pairs: the request's arguments in this order.)
my @order = (
    merchant_id    => $MERCHANT_ID,
    transaction_id => sprintf('%02d%02d%02d', @t[2, 1, 0]),    # the plug-in's default made explicit
    amount         => $amount,                                 # in cents: 25.00 EUR
    currency_code  => '978',                                   # EUR
);
my %order = @order;
# The return pages name the order, so that they read the response against it.
my $back = "?transaction_id=$order{transaction_id}";

# The request: keyword => value, as in the data dictionary. The parmcom files
# of the pathfile give the rest; a value given here wins over them.
my $result = Sogen->request_result(
    @order,
    merchant_country       => 'fr',
    pathfile               => $PATHFILE,
    normal_return_url      => "$here/call_response.cgi$back",
    cancel_return_url      => "$here/call_response.cgi$back",
    automatic_response_url => "$here/call_autoresponse.cgi$back",
    # language => 'fr', payment_means => 'CB,2,VISA,2,MASTERCARD,2', header_flag => 'yes',
    # With API_VERSION!P617! in the pathfile: customer_name => 'Dupont', billing_city => 'Paris'…
    customer_id => 'client-42',
    order_id    => "ORDER-$order{transaction_id}",
    caddie      => '1 x sample item',
);
store_order(\%order) if $result->{code} == 0;

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
