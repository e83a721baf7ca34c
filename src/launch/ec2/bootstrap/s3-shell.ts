/**
 * Bash functions for an EC2 instance's user data to reach S3 and the instance metadata service with
 * nothing but bash (4.2+), curl and coreutils: no AWS CLI, no credentials in the user data.
 *
 * Credentials are the instance profile's, read from IMDSv2 and cached until five minutes before they
 * expire. Requests are signed with SigV4, HMAC-SHA256 built from sha256sum (HMAC(K, m) =
 * H(K^opad || H(K^ipad || m))) so that no key ever is a command-line argument, which any process
 * on the machine could read from /proc; the session token and Authorization header reach curl on its
 * standard input (`-K -`). Every function turns off xtrace, errexit and nounset while it runs and
 * restores them afterwards, so a caller's `set -eux` neither prints a secret nor breaks a retry.
 *
 * The snippet interpolates nothing: bucket, key and file names are its functions' run-time arguments,
 * so nothing needs quoting when it is rendered.
 *
 * Functions (exit status 0 on success, 1 on failure with a message on stderr):
 *   imds_token                           fetch and cache an IMDSv2 token
 *   imds PATH                            print /latest/PATH (e.g. meta-data/instance-id); 2 if 404
 *   aws_creds                            load the instance profile's credentials (and region) into the shell
 *   s3_get BUCKET KEY DEST_FILE          download (atomically: DEST_FILE.part<pid>, then mv); 2 if no such key
 *   s3_put BUCKET KEY SRC_FILE [TYPE]    upload a regular file (one PUT, so at most 5 GB)
 *   s3_put_if_absent BUCKET KEY SRC_FILE upload unless the key exists (If-None-Match: *); 3 if it does
 *   s3_delete BUCKET KEY                 delete (S3 answers success for a missing key too)
 *   s3_list BUCKET [PREFIX]              print the keys under PREFIX, one a line, all pages
 *
 * Run-time settings: SPAWN_IMDS_ENDPOINT (default http://169.254.169.254), SPAWN_S3_ENDPOINT (default
 * https://s3.<region>.amazonaws.com; requests are path-style /<bucket>/<key> either way),
 * SPAWN_S3_REGION (default: the instance's, from IMDS), SPAWN_S3_ATTEMPTS (default 5) and
 * SPAWN_S3_BACKOFF (seconds before the first retry, doubling after each; default 1). Connection
 * errors, 5xx, RequestTimeout, ConditionalRequestConflict and ExpiredToken (after reloading the
 * credentials) are retried; an IMDS 401 fetches a new token. Calling `aws_creds` once in the main
 * shell lets later `$(s3_list …)` subshells reuse what it cached.
 */

/** Exit statuses of the functions beyond 0 (success) and 1 (failure). */
export const S3_SHELL_STATUS = { notFound: 2, exists: 3 } as const;

// Written with `\${` for every bash `${`, which render() turns back: the text is otherwise exactly the bash.
const SOURCE = String.raw`
_s3q() { { local f=$-; set +eux; } 2>/dev/null; "$@"; local r=$?; case $f in *e*) set -e;; esac; case $f in *u*) set -u;; esac; case $f in *x*) set -x;; esac; return $r; }
_s3w() { sleep $((\${SPAWN_S3_BACKOFF:-1} << ($1 - 1))); }
_imdst() {
  local c
  c=$(curl -sS --connect-timeout 2 -m 10 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 21600' -w '\n%{http_code}' "\${SPAWN_IMDS_ENDPOINT:-http://169.254.169.254}/latest/api/token") || c=000
  [ "\${c##*$'\n'}" = 200 ] && _IMDS_T=\${c%$'\n'*} && return 0
  echo "imds: no IMDSv2 token (HTTP \${c##*$'\n'})" >&2; return 1
}
_imds() {
  local i c=000 n=
  for ((i = 1; ; i++)); do
    if [ -n "$_IMDS_T" ] || _imdst; then
      c=$(curl -sS --connect-timeout 2 -m 10 -H "X-aws-ec2-metadata-token: $_IMDS_T" -w '\n%{http_code}' "\${SPAWN_IMDS_ENDPOINT:-http://169.254.169.254}/latest/\${1#/}") || c=000
      _R=\${c%$'\n'*}; c=\${c##*$'\n'}
      case $c in 200) return 0;; 404) return 2;; 401) _IMDS_T=; [ -n "$n" ] || { n=1; continue; };; esac
    fi
    ((i < \${SPAWN_S3_ATTEMPTS:-5})) || break
    _s3w $i
  done
  echo "imds: GET /latest/\${1#/}: HTTP $c" >&2; return 1
}
_imdsp() { _imds "$1" && printf '%s\n' "$_R"; }
_creds() {
  local n a= s= t= e= re='"(AccessKeyId|SecretAccessKey|Token|Expiration)"[[:space:]]*:[[:space:]]*"([^"]*)"' j
  printf -v n '%(%s)T' -1
  [ -n "$_S3A" ] && ((n < _S3EXP - 300)) && return 0
  [ -n "$_S3R" ] || _S3R=\${SPAWN_S3_REGION:-}
  [ -n "$_S3R" ] || { _imds meta-data/placement/region && _S3R=$_R; } || return 1
  _imds meta-data/iam/security-credentials/ || { echo "aws_creds: the instance has no instance profile" >&2; return 1; }
  _imds "meta-data/iam/security-credentials/\${_R%%$'\n'*}" || return 1
  j=$_R
  while [[ $j =~ $re ]]; do
    case \${BASH_REMATCH[1]} in A*) a=\${BASH_REMATCH[2]};; S*) s=\${BASH_REMATCH[2]};; T*) t=\${BASH_REMATCH[2]};; E*) e=\${BASH_REMATCH[2]};; esac
    j=\${j#*"\${BASH_REMATCH[0]}"}
  done
  [ -n "$a" ] && [ -n "$s" ] || { echo "aws_creds: no credentials in the instance profile's answer" >&2; return 1; }
  _S3A=$a _S3T=$t _S3SC=
  _S3K=$(printf 'AWS4%s' "$s" | od -An -v -tx1) && _S3K=\${_S3K//[$' \n']/}
  _S3EXP=$(date -u -d "$e" +%s 2>/dev/null) || _S3EXP=$((n + 900))
}
_hmac() {
  local k=$1 i a= b= x y=
  while ((\${#k} < 128)); do k+=00; done
  for ((i = 0; i < 128; i += 2)); do printf -v a '%s\\x%02x' "$a" $((0x\${k:i:2} ^ 54)); printf -v b '%s\\x%02x' "$b" $((0x\${k:i:2} ^ 92)); done
  x=$({ printf "$a"; printf '%s' "$2"; } | sha256sum)
  for ((i = 0; i < 64; i += 2)); do y+=\\x\${x:i:2}; done
  x=$(printf "$b$y" | sha256sum); _H=\${x%% *}
}
_s3enc() {
  local h c IFS=$' \t\n'; _V=
  for h in $(printf '%s' "$1" | od -An -v -tx1); do
    case $h in
      2[de] | 3[0-9] | 4[1-9a-f] | 5[0-9af] | 6[1-9a-f] | 7[0-9ae]) printf -v c "\\x$h"; _V+=$c;;
      2f) [ -n "$2" ] && _V+=/ || _V+=%2F;;
      *) _V+=%\${h^^};;
    esac
  done
}
_s3dec() { local s=\${1//+/ }; s=\${s//\\/\\\\}; printf '%b\n' "\${s//%/\\x}"; }
_s3r() {
  local m=$1 b=$2 k=$3 q=$4 o=$5 f=$6 p e h t d x sc sh cr re='<(Code|Message)>([^<]*)<' body msg= ph=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 n=$'\n' up=()
  shift 6
  p=/$b; [ -z "$k" ] || { _s3enc "$k" /; p+=/$_V; }
  [ -z "$f" ] || { x=$(sha256sum <"$f") && ph=\${x%% *} && up=(-T "$f"); } || return 1
  for ((_S3N = 1; ; _S3N++)); do
    _creds || return 1
    e=\${SPAWN_S3_ENDPOINT:-https://s3.$_S3R.amazonaws.com}; e=\${e%/}; h=\${e#*://}; h=\${h%%/*}
    t=$(date -u +%Y%m%dT%H%M%SZ); d=\${t%T*}; sc=$d/$_S3R/s3/aws4_request
    cr="host:$h$n""x-amz-content-sha256:$ph$n""x-amz-date:$t$n"; sh="host;x-amz-content-sha256;x-amz-date"
    [ -z "$_S3T" ] || { cr+="x-amz-security-token:$_S3T$n"; sh+=";x-amz-security-token"; }
    x=$(printf '%s' "$m$n$p$n$q$n$cr$n$sh$n$ph" | sha256sum)
    [ "$_S3SC" = "$_S3A/$sc" ] || { _hmac "$_S3K" "$d"; _hmac "$_H" "$_S3R"; _hmac "$_H" s3; _hmac "$_H" aws4_request; _S3SK=$_H _S3SC=$_S3A/$sc; }
    _hmac "$_S3SK" "AWS4-HMAC-SHA256$n$t$n$sc$n\${x%% *}"
    _S3C=$({ printf 'header = "Authorization: AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s"\n' "$_S3A" "$sc" "$sh" "$_H"
      [ -z "$_S3T" ] || printf 'header = "x-amz-security-token: %s"\n' "$_S3T"; } |
      curl -sS --connect-timeout 10 -Y 1 -y 60 -o "$o" -w '%{http_code}' -X "$m" -H "x-amz-date: $t" -H "x-amz-content-sha256: $ph" "\${up[@]}" "$@" -K - --request-target "$p\${q:+?$q}" "$e/") || _S3C=000
    _S3E= msg=
    case $_S3C in 2??) return 0;; esac
    body=$(head -c 4096 "$o" 2>/dev/null)
    while [[ $body =~ $re ]]; do
      [ "\${BASH_REMATCH[1]}" = Code ] && _S3E=\${BASH_REMATCH[2]} || msg=\${BASH_REMATCH[2]}
      body=\${body#*"\${BASH_REMATCH[0]}"}
    done
    case $_S3C/$_S3E in
      000/* | 5* | */RequestTimeout | */ConditionalRequestConflict | */ExpiredToken)
        [ "$_S3E" != ExpiredToken ] || _S3A=
        if ((_S3N < \${SPAWN_S3_ATTEMPTS:-5})); then _s3w $_S3N; continue; fi;;
    esac
    case $_S3C/$_S3E in 404/NoSuchKey | 412/*) ;; *) echo "s3: $m $b/$k: HTTP $_S3C \${_S3E:-error}\${msg:+: $msg}" >&2;; esac
    return 1
  done
}
_s3get() {
  [ -n "$2" ] && [ -n "$3" ] || { echo "usage: s3_get BUCKET KEY DEST_FILE" >&2; return 1; }
  local t=$3.part$BASHPID
  if _s3r GET "$1" "$2" "" "$t" ""; then mv -f "$t" "$3"; return; fi
  rm -f "$t"; [ "$_S3E" != NoSuchKey ] || return 2; return 1
}
_s3put() {
  [ -n "$2" ] && [ -f "$3" ] && [ -r "$3" ] || { echo "s3_put: $1/$2: cannot read the file '$3'" >&2; return 1; }
  local o r; o=$(mktemp) || return 1
  _s3r PUT "$1" "$2" "" "$o" "$3" -H "Content-Type: \${4:-application/octet-stream}" "\${@:5}"; r=$?
  rm -f "$o"; return $r
}
_s3pia() {
  _s3put "$1" "$2" "$3" "" -H 'If-None-Match: *' && return 0
  [ "$_S3C" = 412 ] || return 1
  ((_S3N > 1)) || return 3
  local o x y r=3; o=$(mktemp) || return 1
  if _s3get "$1" "$2" "$o" && x=$(sha256sum <"$o") && y=$(sha256sum <"$3") && [ "$x" = "$y" ]; then r=0; fi
  rm -f "$o"; return $r
}
_s3del() {
  [ -n "$2" ] || { echo "usage: s3_delete BUCKET KEY" >&2; return 1; }
  local o r; o=$(mktemp) || return 1
  _s3r DELETE "$1" "$2" "" "$o" ""; r=$?
  rm -f "$o"; return $r
}
_s3ls() {
  local o k q tok= b re='<NextContinuationToken>([^<]*)<'
  o=$(mktemp) || return 1
  while :; do
    q=; [ -z "$tok" ] || { _s3enc "$tok"; q="continuation-token=$_V&"; }
    _s3enc "$2"; q+="encoding-type=url&list-type=2&prefix=$_V"
    _s3r GET "$1" "" "$q" "$o" "" || { rm -f "$o"; return 1; }
    grep -o '<Key>[^<]*' "$o" | while IFS= read -r k; do _s3dec "\${k#<Key>}"; done
    b=$(<"$o")
    [[ $b == *'<IsTruncated>true<'* && $b =~ $re ]] || break
    tok=\${BASH_REMATCH[1]}
  done
  rm -f "$o"
}
imds_token() { _s3q _imdst; }
imds() { _s3q _imdsp "$@"; }
aws_creds() { _s3q _creds; }
s3_get() { _s3q _s3get "$@"; }
s3_put() { _s3q _s3put "\${1-}" "\${2-}" "\${3-}" "\${4-}"; }
s3_put_if_absent() { _s3q _s3pia "$@"; }
s3_delete() { _s3q _s3del "$@"; }
s3_list() { _s3q _s3ls "$@"; }
`;

/**
 * The bash text defining the functions above; source it, or put it in user data before the code that
 * calls them. It defines functions and nothing else, so rendering it twice is harmless.
 */
export function s3ShellFunctions(): string {
  return SOURCE.replaceAll('\\${', '${').trimStart();
}
