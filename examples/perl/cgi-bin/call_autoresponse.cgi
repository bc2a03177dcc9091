#!/usr/bin/perl
# call_autoresponse: the payment server posts the same DATA here itself, with
# no browser (automatic_response_url): nothing to show, no redirection. As the
# vendor's sample did, every field is appended to a log file; a shop would
# update its order here. The answer is an empty HTTP 200.
use strict;
use warnings;
use CGI;
use Fcntl qw(:flock);
use FindBin;
use POSIX qw(strftime);
BEGIN { require "$FindBin::Bin/shop_config.pl" }
use Sogen;

our ($PATHFILE, $LOGFILE);
my $q = CGI->new;
my $result = Sogen->response_result(message => scalar($q->param('DATA')) // '', pathfile => $PATHFILE);

my $log = strftime('%Y-%m-%d %H:%M:%S', localtime) . " automatic response\n";
if ($result->{code} != 0) {
    $log .= "API call error.\nError message : $result->{error}\n";
} else {
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
