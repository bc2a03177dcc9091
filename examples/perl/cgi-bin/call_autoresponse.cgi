#!/usr/bin/perl
# call_autoresponse: the payment server posts the response here itself, with
# no browser (automatic_response_url): nothing to show, no redirection. As the
# vendor's sample did, every field is appended to a log file; a shop would
# update its order here. The answer is an empty HTTP 200.
use strict;
use warnings;
use CGI;
use Fcntl qw(:flock);
use FindBin;
use JSON::PP ();
use POSIX qw(strftime);
BEGIN { require "$FindBin::Bin/shop_config.pl" }
use Sogen;

our ($PATHFILE, $LOGFILE);
my $q = CGI->new;
my $log = strftime('%Y-%m-%d %H:%M:%S', localtime) . " automatic response\n";
# What call_request.cgi stored for the order this URL names: the response must be its.
my $transaction_id = $q->url_param('transaction_id');
my $order = stored_order($transaction_id);
my $result = $order && eval { Sogen->response_from_post(scalar $q->Vars, $PATHFILE, $order) };
die $@ if $order && !$result && $@ =~ /^libsogen not found/;    # else the POST holds no response it can pass
if (!$order) {
    $log .= 'Unknown order: transaction_id ' . JSON::PP->new->allow_nonref->encode($transaction_id) . "\n";
} elsif (!$result) {    # no DATA (Sips 1.0) nor Data and Seal (Sips 2.0) in the POST
    $log .= "Not a payment response: $@";
} elsif ($result->{code} != 0) {
    $log .= "API call error.\nError message : $result->{error}\n";
} else {
    # Code 0: sealed with the merchant's key and this order's; paid only when response_code is 00.
    $log .= "$_ : $result->{fields}{$_}\n" for @Sogen::RESPONSE_FIELDS;
}
$log .= "-------------------------------------------\n";
if (open my $fh, '>>:raw', $LOGFILE) {
    flock $fh, LOCK_EX;    # responses for several orders may arrive at once
    print {$fh} $log;
    close $fh;
} else {
    warn "call_autoresponse: $LOGFILE: $!\n";
}
print $q->header(-status => '200 OK', -type => 'text/plain');
