# The binding itself: arguments, library search, ownership of results.
use strict;
use warnings;
use Test2::V0;
use File::Temp qw(tempdir);
use FindBin;
use lib "$FindBin::Bin/lib", "$FindBin::Bin/../lib";
use SogenTest qw(repo slurp library DEMO_MERCHANT PATHFILE);
use Sogen;

chdir repo() or die;
my $sogen = Sogen->new(library => library());

subtest 'argument forms' => sub {
    my $obj = bless {}, 'Stringy';
    is([Sogen->arguments(['merchant_id=1', 'amount=2'])], ['merchant_id=1', 'amount=2'], 'array ref');
    is([Sogen->arguments(merchant_id => 1, amount => 2, order_id => $obj)], ['merchant_id=1', 'amount=2', 'order_id=ORDER-7'], 'pairs, in order, overloaded objects');
    is([Sogen->arguments({ merchant_id => 1, amount => 2 })], ['amount=2', 'merchant_id=1'], 'hash ref, sorted');
    is([Sogen->arguments(caddie => 'a b "c" $d;e')], ['caddie=a b "c" $d;e'], 'nothing quoted');
};

subtest 'the first bad argument is the one reported' => sub {
    is($sogen->request(toto => 1, titi => 2), '!-1!Invalid Keyword in parameter (toto=1)!!', 'toto first');
    is($sogen->request(titi => 2, toto => 1), '!-1!Invalid Keyword in parameter (titi=2)!!', 'titi first');
};

subtest 'strings are bytes' => sub {
    is($sogen->request(["caf\xE9=1"]), "!-1!Invalid Keyword in parameter (caf\xE9=1)!!", 'latin-1 byte');
    my $upgraded = "caf\xE9=1";
    utf8::upgrade($upgraded);    # same characters, UTF-8 inside perl: still the byte E9
    is($sogen->request([$upgraded]), "!-1!Invalid Keyword in parameter (caf\xE9=1)!!", 'upgraded string');
    is($sogen->request_result(["caf\xE9=1"])->{error}, "Invalid Keyword in parameter (caf\xE9=1)", 'parsed');
};

subtest 'bad arguments are refused before the call' => sub {
    like(dies { $sogen->request(['amount=1' . "\0" . '2']) }, qr/NUL byte/, 'NUL');
    like(dies { $sogen->request(caddie => "\x{20AC}") }, qr/wide character/, 'wide character');
    like(dies { $sogen->request(amount => undef) }, qr/undefined value for amount/, 'undef');
    like(dies { $sogen->request(amount => [1]) }, qr/reference/, 'reference');
    like(dies { $sogen->request('amount') }, qr/odd number/, 'odd list');
};

subtest 'library search' => sub {
    local $ENV{SOGEN_LIBRARY};
    is([Sogen->candidates('/explicit.so')], ['/explicit.so'], 'the argument alone');
    $ENV{SOGEN_LIBRARY} = '/from/env.so';
    is([Sogen->candidates], ['/from/env.so'], 'then $SOGEN_LIBRARY alone');
    my $error = dies { Sogen->new };
    like($error, qr{tried:\n  /from/env\.so: cannot open}, 'not second-guessed, the reason given');
    like($error, qr{Set SOGEN_LIBRARY .*make install}s, 'what to set');
    delete $ENV{SOGEN_LIBRARY};
    # (From the source tree: no recorded directory.)
    is([Sogen->candidates], ['libsogen.so.1', '/usr/local/lib/libsogen.so.1'], 'then the loader, /usr/local/lib');
    like(dies { Sogen->new(library => '/nonexistent/libsogen.so') }, qr{/nonexistent/libsogen\.so}, 'named when missing');
};

subtest 'without SOGEN_LIBRARY, the system library by its SONAME' => sub {
    # LD_LIBRARY_PATH stands for the loader's directories after `make install`.
    my $dir = tempdir('sogen-pl-lib-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    symlink(library(), "$dir/libsogen.so.1") or die $!;
    local $ENV{LD_LIBRARY_PATH} = $dir;
    delete local $ENV{SOGEN_LIBRARY};
    open my $out, '-|', $^X, "-I$FindBin::Bin/../lib", '-MSogen', '-e',
        'print Sogen->path, "|", Sogen->request(["toto=1"])' or die $!;
    my ($path, $result) = split /\|/, do { local $/; <$out> }, 2;
    is($path, 'libsogen.so.1', 'found by the loader');
    is($result, '!-1!Invalid Keyword in parameter (toto=1)!!', 'and loaded');
};

subtest 'version' => sub {
    my ($crate) = slurp(repo() . '/Cargo.toml') =~ /^version = "([^"]+)"/m;
    is($sogen->version, $crate, 'the crate version');
    is($sogen->path, library(), 'the library loaded');
};

subtest 'class methods use a shared instance' => sub {
    local $ENV{SOGEN_LIBRARY} = library();
    ref_is(Sogen->default, Sogen->default, 'one instance');
    is(Sogen->request(['toto=1']), '!-1!Invalid Keyword in parameter (toto=1)!!', 'Sogen->request');
};

subtest 'every result is freed once' => sub {
    my $spy = Sogen->new(library => library());
    my (@returned, @freed);
    for my $name (qw(sogen_request sogen_response sogen_request_json sogen_response_json)) {
        my $real = $spy->{f}{$name};
        $spy->{f}{$name} = Spy->new(sub { my $p = $real->call(@_); push @returned, $p; $p });
    }
    my $free = $spy->{f}{free};
    $spy->{f}{free} = Spy->new(sub { push @freed, $_[0]; $free->call(@_) });
    $spy->request(['toto=1']);
    $spy->response(['message=short']);
    $spy->request_result(pathfile => PATHFILE, merchant_id => DEMO_MERCHANT, amount => 100);
    $spy->response_result(['message=short', 'pathfile=' . PATHFILE]);
    is(scalar @returned, 4, 'four results');
    is(\@freed, \@returned, 'each freed once, in order');
};

done_testing;

package Stringy;
use overload '""' => sub { 'ORDER-7' };

package Spy;
sub new  { my ($class, $code) = @_; bless { code => $code }, $class }
sub call { my $self = shift; $self->{code}->(@_) }
