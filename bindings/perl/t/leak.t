# 10^5 calls with a stable resident set size: every result (at least ~500
# bytes) must go back to sogen_free, and the argument arrays to Perl.
use strict;
use warnings;
use Test2::V0;
use FindBin;
use Time::HiRes qw(time);
use lib "$FindBin::Bin/lib", "$FindBin::Bin/../lib";
use SogenTest qw(repo library golden_case DEMO_MERCHANT PATHFILE);
use Sogen;

chdir repo() or die;
my $sogen = Sogen->new(library => library());
my $CALLS = 100_000;
my $BOUND = 8 * 1024 * 1024;

sub rss {
    open my $fh, '<', '/proc/self/statm' or die $!;
    my (undef, $pages) = split ' ', scalar <$fh>;
    return $pages * 4096;
}

my @short = ('message=0123456789', 'pathfile=' . PATHFILE);    # ERR block + 42 '!'
my @bad_amount = (pathfile => PATHFILE, merchant_id => DEMO_MERCHANT, amount => 'x');
my $accepted = golden_case('accepted_all_fields')->{message};
my @calls = (
    sub { $sogen->response(\@short) },
    sub { $sogen->request(@bad_amount) },
    sub { $sogen->request_result(['toto=1']) },
    sub { $sogen->response(pathfile => PATHFILE, message => $accepted) },    # a full decode
);
sub run { my ($n) = @_; $calls[$_ % @calls]->() for 1 .. $n }

run(10_000);    # warm-up
my $before = rss();
my $start = time;
run($CALLS);
my $growth = rss() - $before;
diag sprintf '%d calls in %.1f s, RSS %.1f MB, growth %d kB', $CALLS, time - $start, $before / 2**20, $growth / 1024;
ok($growth < $BOUND, "RSS growth $growth bytes < $BOUND");

done_testing;
