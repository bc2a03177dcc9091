package SogenTest;

# Helpers shared by the tests: the repository, the demo merchant, the corpus
# (../shared/corpus or $SOGEN_SHARED/corpus, absent from users' clones).

use strict;
use warnings;

use Cwd qw(abs_path);
use Exporter 'import';
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use JSON::PP ();

our @EXPORT_OK = qw(repo shared_dir corpus_notice corpus bytes layout normalize err_block
    response_names demo_responses library slurp DEMO_MERCHANT PATHFILE);

use constant DEMO_MERCHANT => '000000000000001';
use constant PATHFILE      => 'demo/pathfile';

my $REPO = abs_path(dirname(__FILE__) . '/../../../..');
sub repo { $REPO }

sub library { $ENV{SOGEN_LIBRARY} || "$REPO/target/release/libsogen.so" }

sub shared_dir {
    my $dir = $ENV{SOGEN_SHARED} || dirname($REPO) . '/shared';
    return -d "$dir/corpus" ? $dir : undef;
}

sub corpus_notice {
    return 'NOTICE: ' . dirname($REPO) . '/shared/corpus (or $SOGEN_SHARED) is absent '
        . '(it is not part of the repository): corpus cases skipped';
}

sub slurp {
    my ($file) = @_;
    open my $fh, '<:raw', $file or die "$file: $!";
    local $/;
    return scalar <$fh>;
}

# A corpus or libsogen JSON string (one code point per byte) as bytes.
sub bytes {
    my ($s) = @_;
    utf8::downgrade($s);
    return $s;
}

# The cases of corpus/NAME, decoded.
sub corpus {
    my ($name) = @_;
    my $dir = shared_dir() or return;
    my $json = JSON::PP->new->utf8;
    return map { $json->decode($_) } grep { /\S/ } split /\n/, slurp("$dir/corpus/$name");
}

# A case's files in a fresh directory; returns (dir, sub substituting {DIR}).
sub layout {
    my ($case) = @_;
    my $dir = tempdir('sogen-pl-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    my $sub = sub { my $s = bytes($_[0]); $s =~ s/\{DIR\}/$dir/g; $s };
    for my $name (keys %{ $case->{files} || {} }) {
        open my $fh, '>:raw', "$dir/$name" or die "$dir/$name: $!";
        print {$fh} $sub->($case->{files}{$name});
        close $fh;
    }
    for my $name (keys %{ $case->{file_modes} || {} }) {
        chmod oct($case->{file_modes}{$name}), "$dir/$name";
    }
    return ($dir, $sub);
}

# What the real clock and pid change in an output (the C ABI has no injected
# clock): the DATA hex, the 14-digit transmission date, trace prefixes.
sub normalize {
    my ($text, $auto_tid) = @_;
    $text =~ s/VALUE="[0-9A-Fa-f]{17,}"/VALUE="{DATA}"/g;
    $text =~ s/TRANSMISSION_DATE \(\d{14}\)/TRANSMISSION_DATE ({TRANSMISSION_DATE})/g;
    $text =~ s/^\d{3}:\d\d:\d\d:\d\d--\(\d+\)-/{TRACE}-/mg;
    # The automatic transaction id is the local hhmmss.
    $text =~ s/TRANSACTION_ID \(\d{6}\)/TRANSACTION_ID ({AUTO})/g if $auto_tid;
    return $text;
}

# The legacy HTML error block ERR(m, d) (spec: behaviour.md §1.3).
sub err_block {
    my ($m, $d) = @_;
    return '</TBODY></TABLE><BR><DIV ALIGN=CENTER><TABLE style="BORDER-RIGHT: #ff0000 1px solid; '
        . 'BORDER-TOP: #ff0000 1px solid; FONT-SIZE: 75%; BORDER-LEFT: #ff0000 1px solid; '
        . 'BORDER-BOTTOM: #ff0000 1px solid; font-family: sans-serif; border-collapse: collapse;" '
        . 'cellPadding=3 width=700><TBODY><TR style="background-color: #ff0000"><TD align=middle>'
        . "<B>API ERROR</B></TD></TR><TR><TD>$m ($d) </TD></TR></TBODY></TABLE><BR></DIV>";
}

# The 42 names in output order, from the core's table.
sub response_names {
    return slurp("$REPO/src/response_fields.rs") =~ /def\(\w+, "(\w+)", \d+/g;
}

# bindings/testdata/demo-responses.json, strings as bytes.
sub demo_responses {
    my $data = JSON::PP->new->utf8->decode(slurp("$REPO/bindings/testdata/demo-responses.json"));
    for my $case (@{ $data->{cases} }) {
        $case->{message} = bytes($case->{message});
        $case->{fields}{$_} = bytes($case->{fields}{$_}) for keys %{ $case->{fields} };
    }
    return $data;
}

1;
