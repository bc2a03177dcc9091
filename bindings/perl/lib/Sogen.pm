package Sogen;

# libsogen from Perl through FFI::Platypus: the Sogenactif `request` and
# `response` executables as method calls, byte for byte, no process spawned.

use strict;
use warnings;

use Carp qw(croak);
use FFI::Platypus 2.00;
use FFI::Platypus::DL qw(dlopen dlclose dlerror RTLD_PLATYPUS_DEFAULT);
use JSON::PP ();
use overload ();
use Scalar::Util qw(reftype);

our $VERSION = '0.1.0';

# The 42 response fields in the order of the legacy line (the parsed result's
# `fields` is a hash; this gives their order, e.g. to display them).
our @RESPONSE_FIELDS = qw(
    merchant_id merchant_country amount transaction_id payment_means
    transmission_date payment_time payment_date response_code payment_certificate
    authorisation_id currency_code card_number cvv_flag cvv_response_code
    bank_response_code complementary_code complementary_info return_context caddie
    receipt_complement merchant_language language customer_id order_id
    customer_email customer_ip_address capture_day capture_mode data
    order_validity transaction_condition statement_reference card_validity
    score_value score_color score_info score_threshold score_profile upan
    threed_ls_code threed_relegation_code
);

# What a shop may expect of a response, passed as expected_<name>= in this order.
our @EXPECTATIONS = qw(merchant_id transaction_id amount currency_code max_age);

my $JSON = JSON::PP->new->utf8;

use constant SONAME => 'libsogen.so.1';
# Where `make install` puts the library by default, before ldconfig has run.
use constant FALLBACK => '/usr/local/lib/' . SONAME;

# The directory of the library this module was installed for: `perl
# Makefile.PL` writes it here in the installed copy (from SOGEN_LIBDIR=… or
# pkg-config); the placeholder is left as is in the source tree.
my $RECORDED_LIBDIR = '__SOGEN_LIBDIR__';

# The libraries to try, in the order every binding follows (docs/bindings.md,
# "Conventions"): the argument, else $SOGEN_LIBRARY, else the library this
# module was installed for, the loader's libsogen.so.1, /usr/local/lib.
sub candidates {
    my ($class, $explicit) = @_;
    return ($explicit) if defined $explicit && length $explicit;
    # An explicit setting is not second-guessed: if it is wrong, say so.
    return ($ENV{SOGEN_LIBRARY}) if defined $ENV{SOGEN_LIBRARY} && length $ENV{SOGEN_LIBRARY};
    my @recorded = $RECORDED_LIBDIR =~ /^__/ ? () : ("$RECORDED_LIBDIR/" . SONAME);
    return (@recorded, SONAME, FALLBACK);
}

# The first candidate the loader opens, or a croak listing each with its reason.
sub library_path {
    my ($class, $explicit) = @_;
    my @tried;
    for my $candidate ($class->candidates($explicit)) {
        my $handle = dlopen($candidate, RTLD_PLATYPUS_DEFAULT);
        if (defined $handle) {
            dlclose($handle);
            return $candidate;
        }
        push @tried, '  ' . (dlerror() // "$candidate: not loadable");
    }
    croak join "\n", 'libsogen not found; tried:', @tried,
        "Set SOGEN_LIBRARY to the library's path (e.g. /opt/sogen/lib/libsogen.so.1 after "
        . '`make install PREFIX=/opt/sogen`), pass library => PATH, or install libsogen '
        . '(the Debian package libsogen1, or `make install`).';
}

sub new {
    my ($class, %opt) = @_;
    my $path = $class->library_path($opt{library});
    my $ffi = FFI::Platypus->new(api => 2, lib => [$path]);
    my %f;
    # Results are `char *` the library allocated: taken as opaque pointers,
    # copied, then released with sogen_free.
    $f{$_} = $ffi->function($_ => ['int', 'string[]'] => 'opaque')
        for qw(sogen_request sogen_response sogen_request_json sogen_response_json);
    $f{free} = $ffi->function(sogen_free => ['opaque'] => 'void');
    # A static string: copied, never freed.
    $f{version} = $ffi->function(sogen_version => [] => 'string');
    return bless { ffi => $ffi, path => $path, f => \%f }, $class;
}

# The instance class-method calls use (Sogen->request(…)), created on first use.
my $default;
sub default { return $default //= $_[0]->new }

sub _self { return ref $_[0] ? $_[0] : $_[0]->default }

sub path    { return _self($_[0])->{path} }
sub version { return _self($_[0])->{f}{version}->call }

# Exactly what the executable printed: `!0!!<FORM…>!`, `!-1!…!!`…
sub request  { my $self = _self(shift); return $self->_call(sogen_request  => \@_) }
sub response { my $self = _self(shift); return $self->_call(sogen_response => \@_) }

# The parts: { code, error, debug, form, output, exit_status }.
sub request_result {
    my $self = _self(shift);
    return $self->_json(sogen_request_json => \@_);
}

# The parts: { code, error, fields => { the 42 values by name }, output, exit_status },
# reliable even when a value contains the `!` separating them in the legacy line.
sub response_result {
    my $self = _self(shift);
    return $self->_json(sogen_response_json => \@_);
}

# Runs `response` on the fields the payment server posted (a hash ref, e.g.
# CGI's Vars or Plack's body_parameters), Sips 1.0 or 2.0; with expectations (a hash ref: merchant_id,
# transaction_id, amount, currency_code, max_age, what the shop stored for
# the order), a response that does not match is refused (code -1).
sub response_from_post {
    my $self = _self(shift);
    return $self->_json(sogen_response_json => [[__PACKAGE__->post_arguments(@_)]]);
}

# The arguments response_from_post passes for these POST fields: message=
# (Sips 1.0's DATA, or Sips 2.0's Data with seal= and, when not empty,
# encode=), pathfile=, then expected_<name>= for each expectation in the
# order of @EXPECTATIONS. Dies when the fields hold no payment response or an
# expectation is unknown.
sub post_arguments {
    my ($class, $post, $pathfile, $expected) = @_;
    # A hash ref, plain (CGI's Vars) or blessed (Plack's body_parameters).
    croak 'the POST fields: expected a hash ref' unless (reftype($post) // '') eq 'HASH';
    $expected //= {};
    my @pairs;
    if (exists $post->{Data} && exists $post->{Seal}) {    # Sips 2.0
        @pairs = (message => $post->{Data}, seal => $post->{Seal});
        push @pairs, encode => $post->{Encode} if length($post->{Encode} // '');
    } elsif (exists $post->{DATA}) {                        # Sips 1.0
        @pairs = (message => $post->{DATA});
    } else {
        croak 'no payment response in these POST fields: DATA (Sips 1.0) or Data and Seal (Sips 2.0) expected';
    }
    push @pairs, pathfile => $pathfile;
    my %known = map { $_ => 1 } @EXPECTATIONS;
    my ($unknown) = grep { !$known{$_} } sort keys %$expected;
    croak "unknown expectation $unknown: expected one of @EXPECTATIONS" if defined $unknown;
    push @pairs, map { ("expected_$_" => $expected->{$_}) } grep { exists $expected->{$_} } @EXPECTATIONS;
    return $class->arguments(@pairs);
}

# The `keyword=value` byte strings of the arguments, which may be an array ref
# of such strings, a hash ref (sorted by keyword: a hash has no order), or a
# list of keyword => value pairs (kept in order).
sub arguments {
    my ($class, @params) = @_;
    my @pairs;
    if (@params == 1 && ref $params[0] eq 'ARRAY') {
        @pairs = map { [undef, $_] } @{ $params[0] };
    } elsif (@params == 1 && ref $params[0] eq 'HASH') {
        my $h = $params[0];
        @pairs = map { [$_, $h->{$_}] } sort keys %$h;
    } else {
        croak 'odd number of arguments: expected keyword => value pairs, an array ref or a hash ref' if @params % 2;
        push @pairs, [splice @params, 0, 2] while @params;
    }
    my @args;
    for my $pair (@pairs) {
        my ($key, $value) = @$pair;
        croak 'undefined value' . (defined $key ? " for $key" : '') unless defined $value;
        croak 'a reference is not a plug-in value' . (defined $key ? " (for $key)" : '') if ref $value && !overload::Method($value, '""');
        my $arg = defined $key ? "$key=$value" : "$value";
        # Strings are bytes: characters above \xFF have no byte to stand for.
        utf8::downgrade($arg, 1) or croak "wide character in argument: encode it first ($arg)";
        # A C string (and a command line before it) ends at the first NUL.
        croak "NUL byte in argument ($arg)" if index($arg, "\0") >= 0;
        push @args, $arg;
    }
    return @args;
}

sub _call {
    my ($self, $name, $params) = @_;
    my @args = __PACKAGE__->arguments(@$params);
    my $pointer = $self->{f}{$name}->call(scalar @args, \@args);
    croak "$name returned NULL" unless $pointer;    # (the ABI says it never does)
    my $copy = eval { $self->{ffi}->cast(opaque => 'string', $pointer) };
    my $error = $@;
    $self->{f}{free}->call($pointer);                # freed whatever happened
    die $error if $error;
    return $copy;
}

sub _json {
    my ($self, $name, $params) = @_;
    my $result = $JSON->decode($self->_call($name, $params));
    # The JSON carries each byte as the code point of the same number: the
    # decoded strings are the bytes, stored here as byte strings.
    for my $key (qw(error debug form output)) {
        utf8::downgrade($result->{$key}) if defined $result->{$key};
    }
    if (my $fields = $result->{fields}) {
        utf8::downgrade($fields->{$_}) for keys %$fields;
    }
    $result->{$_} += 0 for qw(code exit_status);
    delete $result->{program};
    return $result;
}

1;

__END__

=head1 NAME

Sogen - libsogen (Sogenactif request/response, in-process) for Perl

=head1 SYNOPSIS

  use Sogen;

  my $sogen = Sogen->new;    # or Sogen->new(library => '/path/libsogen.so.1')
  my $r = $sogen->request_result(pathfile => '/srv/sogen/pathfile',
      merchant_id => '014213245611111', amount => 2500);
  print $r->{code} == 0 ? $r->{form} : $r->{error};

  my $reply = $sogen->response_result(message => $data, pathfile => '/srv/sogen/pathfile');
  print $reply->{fields}{response_code};

  # The POST of the payment server (Sips 1.0 or 2.0), bound to the stored order:
  my $paid = $sogen->response_from_post(scalar CGI->new->Vars, '/srv/sogen/pathfile',
      { merchant_id => '014213245611111', transaction_id => '123456', amount => 2500, currency_code => '978' });

  my $legacy = Sogen->request(['merchant_id=014213245611111', 'amount=2500']);  # exact bytes

=head1 DESCRIPTION

Arguments are the executables' C<keyword=value> strings: a list of keyword
=> value pairs, an array ref of C<keyword=value> strings, or a hash ref
(sorted by keyword). Strings are bytes; nothing is quoted or converted.

C<request> and C<response> return the legacy string byte for byte.
C<request_result> returns C<< { code, error, debug, form, output, exit_status } >>;
C<response_result> returns C<< { code, error, fields, output, exit_status } >>
with the 42 fields by name (their order is C<@Sogen::RESPONSE_FIELDS>).
C<error> is undef when C<code> is 0.

C<< response_from_post(\%post, $pathfile, \%expected) >> reads what the
payment server posted (Sips 1.0's C<DATA>, or Sips 2.0's C<Data>, C<Seal>,
C<Encode>) and returns what C<response_result> does; the optional
expectations (C<@Sogen::EXPECTATIONS>: what the shop stored for the order)
make a response that does not match them an error. It dies when the fields
hold no payment response. C<< post_arguments(\%post, $pathfile, \%expected) >>
gives the arguments it passes.

Methods may be called on the class (a shared instance is loaded on first
use) or on an instance. The library is the C<library> argument, else
C<$ENV{SOGEN_LIBRARY}>, else the library the module was installed for (see
Makefile.PL), the system's libsogen.so.1, F</usr/local/lib/libsogen.so.1>
(C<< Sogen->candidates >>); the error lists each place tried.
Every string the library returns is released with C<sogen_free>.

=cut
