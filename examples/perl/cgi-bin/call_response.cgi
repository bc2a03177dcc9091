#!/usr/bin/perl
# call_response: where the customer comes back from the payment server
# (normal_return_url / cancel_return_url), with the result in the POST.
use strict;
use warnings;
use CGI qw(escapeHTML);
use FindBin;
BEGIN { require "$FindBin::Bin/shop_config.pl" }
use Sogen;

our $PATHFILE;
my $q = CGI->new;
# What call_request.cgi stored for the order this URL names: the response
# must be that order's (same merchant, transaction, amount, currency, and a
# recent date), else it is refused with the reason.
my $order = stored_order(scalar $q->url_param('transaction_id'));
my ($result, $problem) = (undef, 'This page names no order of this shop.');
if ($order) {
    # DATA (Sips 1.0) or Data, Seal, Encode (Sips 2.0), as posted.
    $result = eval { Sogen->response_from_post(scalar $q->Vars, $PATHFILE, $order) };
    die $@ if !$result && $@ =~ /^libsogen not found/;    # else the POST holds no response it can pass
    $problem = $result ? undef : 'No payment response in this request.';
}
# Code 0 means sealed with the merchant's key: paid, refused or cancelled is response_code's.
my %verdicts = ('00' => 'Payment accepted', '17' => 'Payment cancelled');

print $q->header(-type => 'text/html', -charset => 'ISO-8859-1');
print <<'HTML';
<!DOCTYPE html>
<html>
<head><title>Sogenactif - payment result</title></head>
<body style="font-family: sans-serif">
<h1>Demo shop - payment result</h1>
HTML
if ($problem) {
    print qq{<p id="shop-error">$problem</p>\n};
} elsif ($result->{code} != 0) {
    # Escaped: the error may echo what was posted.
    print '<p id="shop-error">Payment API error (response):</p><pre>', escapeHTML($result->{error}), "</pre>\n";
} else {
    my $f = $result->{fields};
    print '<h2 id="verdict">', $verdicts{ $f->{response_code} } // 'Payment refused', "</h2>\n";
    print qq{<table border="1" cellpadding="3">\n};
    print qq{<tr><th>$_</th><td id="$_">}, escapeHTML($f->{$_}), "</td></tr>\n" for @Sogen::RESPONSE_FIELDS;
    print "</table>\n";
}
print qq{<p><a href="call_request.cgi">New order</a></p>\n</body>\n</html>\n};
