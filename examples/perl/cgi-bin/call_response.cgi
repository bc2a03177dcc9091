#!/usr/bin/perl
# call_response: where the customer comes back from the payment server
# (normal_return_url / cancel_return_url), with the result in the posted DATA.
use strict;
use warnings;
use CGI qw(escapeHTML);
use FindBin;
BEGIN { require "$FindBin::Bin/shop_config.pl" }
use Sogen;

our $PATHFILE;
my $q = CGI->new;
my $result = Sogen->response_result(message => scalar($q->param('DATA')) // '', pathfile => $PATHFILE);
my %verdicts = ('00' => 'Payment accepted', '17' => 'Payment cancelled');

print $q->header(-type => 'text/html', -charset => 'ISO-8859-1');
print <<'HTML';
<!DOCTYPE html>
<html>
<head><title>Sogenactif - payment result</title></head>
<body style="font-family: sans-serif">
<h1>Demo shop - payment result</h1>
HTML
if ($result->{code} != 0) {
    print '<p id="shop-error">Payment API error (response):</p><pre>', escapeHTML($result->{error}), "</pre>\n";
} else {
    my $f = $result->{fields};
    print '<h2 id="verdict">', $verdicts{ $f->{response_code} } // 'Payment refused', "</h2>\n";
    print qq{<table border="1" cellpadding="3">\n};
    print qq{<tr><th>$_</th><td id="$_">}, escapeHTML($f->{$_}), "</td></tr>\n" for @Sogen::RESPONSE_FIELDS;
    print "</table>\n";
}
print qq{<p><a href="call_request.cgi">New order</a></p>\n</body>\n</html>\n};
