# Every recorded legacy case replayed through the binding. Responses compare
# byte for byte; requests run on the real clock (the C ABI has no injected
# clock), so their DATA, transmission date and trace prefixes are normalised
# on both sides. The parsed results are checked against the legacy line.
use strict;
use warnings;
use Test2::V0;
use Cwd qw(getcwd);
use FindBin;
use lib "$FindBin::Bin/lib", "$FindBin::Bin/../lib";
use SogenTest qw(shared_dir corpus_notice corpus layout normalize library response_names);
use Sogen;

unless (shared_dir()) {
    diag corpus_notice();
    skip_all corpus_notice();
}

# Two cases record the legacy overwrite of customer_email by a long
# customer_id without an `expected_clean` (divergence 3 of
# docs/compatibility.md: libsogen keeps the received e-mail); the core's
# tests/corpus_response.rs checks them. Here only their parsing is checked.
my %LEGACY_EMAIL_OVERWRITE = map { $_ => 1 } qw(resp_customer_id_9_chars rv_pub_old_accepted_uppercase);
my $TRACE_LINES = qr/\A(?:\d{3}:\d\d:\d\d:\d\d--\(\d+\)-[^\n]*\n)*/;

my $sogen = Sogen->new(library => library());
my @names = response_names();
my $cwd = getcwd();
# In-process calls run with this process's uid; the recorded permission
# cases need another one (the Rust tests replay them).
my @cases = grep { !exists $_->{run_as_uid} } corpus('legacy.jsonl'), corpus('response.jsonl');
ok(@cases > 650, 'about 700 cases');

for my $case (@cases) {
    my ($dir, $sub) = layout($case);
    chdir $dir or die;
    my @args = map { $sub->($_) } @{ $case->{args} };
    my $wanted = $sub->($case->{expected_clean} // $case->{expected});
    subtest $case->{name} => sub {
        $case->{binary} eq 'request' ? check_request($case, \@args, $wanted) : check_response($case, \@args, $wanted, $sub);
    };
    chdir $cwd;
}

sub check_request {
    my ($case, $args, $wanted) = @_;
    my $auto = grep { $_ eq 'auto_transaction_id' } @{ $case->{volatile} || [] };
    my $raw = $sogen->request($args);
    is(normalize($raw, $auto), normalize($wanted, $auto), 'legacy string');
    my $r = $sogen->request_result($args);
    is(normalize($r->{output}, $auto), normalize($raw, $auto), 'output of the parsed result');
    is($r->{exit_status}, $case->{exit}, 'exit status');
    (my $line = $r->{output}) =~ s/$TRACE_LINES//;
    if ($r->{code} == 0) {
        is($r->{error}, undef, 'no error');
        is($line, "!0!$r->{debug}!$r->{form}!", 'debug and form');
    } else {
        is($r->{code}, -1, 'code');
        like($line, qr/^!-1!/, 'error line');
        is($r->{form}, '', 'no form');
        # (The HTML error block shows a newline of the detail as a space.)
        (my $error = $r->{error}) =~ tr/\n/ /;
        ok(index($line, $error) >= 0, 'the error is in the line');
    }
}

sub check_response {
    my ($case, $args, $wanted, $sub) = @_;
    my $raw = $sogen->response($args);
    my $r = $sogen->response_result($args);
    is($r->{output}, $raw, 'output of the parsed result');    # response does not read the clock
    is([sort keys %{ $r->{fields} }], [sort @names], 'the 42 fields');
    (my $line = $raw) =~ s/$TRACE_LINES//;
    if (exists $case->{expected_clean_prefix}) {
        # The legacy executable crashed here; a well-formed error is required.
        my $prefix = $sub->($case->{expected_clean_prefix});
        is(substr($raw, 0, length $prefix), $prefix, 'well-formed error');
        ok($r->{code} == -1 && length $r->{error}, 'an error');
        return;
    }
    # Only the trace line of an .old certificate carries the time and pid.
    is(normalize($raw), normalize($wanted), 'legacy string') unless $LEGACY_EMAIL_OVERWRITE{ $case->{name} };
    is($r->{exit_status}, $case->{exit}, 'exit status');
    if ($r->{exit_status} == 255) {    # argument errors: a plain line, no fields
        is($line, "!-1!$r->{error}!!", 'plain line');
        return;
    }
    is($r->{code}, ($line =~ /^!0!/ ? 0 : -1), 'code');
    is(defined $r->{error} ? 1 : 0, $r->{code} == 0 ? 0 : 1, 'error iff code -1');
    my $tail = '!' . join('!', map { $r->{fields}{$_} } @names);
    is(substr($line, -length $tail), $tail, 'the line ends with the 42 values');
    if ($r->{code} == 0 && ($line =~ tr/!//) == 44) {
        # No value contains '!': the legacy line splits unambiguously.
        is([(split /!/, $line, -1)[3 .. 44]], [map { $r->{fields}{$_} } @names], 'split');
    }
}

done_testing;
