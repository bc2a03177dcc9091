# The installed Perl module (vendor directory) and library.
use strict;
use warnings;
use Sogen;

my $pathfile = shift;
my $r = Sogen->request_result(pathfile => $pathfile, merchant_id => '000000000000001', amount => 2500, caddie => "cr\xE8me");
my ($data) = $r->{form} =~ /NAME=DATA VALUE="([0-9a-f]+)"/ or die "request: $r->{output}\n";
my $reply = Sogen->response_result(message => $data, pathfile => $pathfile);
die "response: $reply->{output}\n"
    unless $reply->{code} == 0 && $reply->{fields}{amount} eq '2500' && $reply->{fields}{caddie} eq "cr\xE8me";
print "MODULE $INC{'Sogen.pm'}\n";
open my $maps, '<', '/proc/self/maps' or die $!;
my ($lib) = grep { /libsogen/ } <$maps>;
print 'LIB ', substr($lib, index($lib, '/'));
print 'OK Perl ', Sogen->version, "\n";
