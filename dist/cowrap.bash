# bash completion for cowrap(1). Installed as share/bash-completion/completions/cowrap.
# Subcommands and options are the ones `cowrap --help-all` prints (tests/dist/run.sh checks
# that every one it lists is offered here).

_cowrap() {
    local cur prev words cword
    if declare -F _init_completion >/dev/null; then
        _init_completion || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD - 1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi

    local commands="generate check list dialects cache show help"
    local cache_commands="stats print zero ls why verify gc clear"
    local cmd="" sub="" i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
        -*) ;;
        *)
            if [[ -z $cmd ]]; then
                cmd=${words[i]}
            elif [[ $cmd == cache && -z $sub ]]; then
                sub=${words[i]}
            fi
            ;;
        esac
    done

    case $prev in
    --dialect)
        COMPREPLY=($(compgen -W "$(cowrap dialects 2>/dev/null | awk '/^qemu-/{print $1}')" -- "$cur"))
        return
        ;;
    --format)
        COMPREPLY=($(compgen -W "text json tab" -- "$cur"))
        return
        ;;
    --color)
        COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
        return
        ;;
    --diagnostics-format)
        COMPREPLY=($(compgen -W "text json sarif" -- "$cur"))
        return
        ;;
    --cache | -o | --output | --depfile | --header | --context)
        COMPREPLY=($(compgen -f -- "$cur"))
        return
        ;;
    esac

    local opts=""
    case $cmd in
    "")
        COMPREPLY=($(compgen -W "$commands -h --help --help-all -V --version -v --verbose -q --quiet" -- "$cur"))
        return
        ;;
    generate)
        opts="-o --output --dialect --depfile --depfile-target --include --annotation
              --line-directives --source-root --cache --no-cache --shard-group --strict --require-targets
              --color --diagnostics-format --context"
        ;;
    check)
        opts="--dialect --annotation --strict --require-targets --format
              --color --diagnostics-format --context"
        ;;
    list) opts="--format --dialect --annotation --color --diagnostics-format" ;;
    show) opts="--cache" ;;
    dialects) opts="" ;;
    cache)
        if [[ -z $sub ]]; then
            COMPREPLY=($(compgen -W "$cache_commands -h --help" -- "$cur"))
            return
        fi
        opts="--cache"
        case $sub in
        print | ls | stats | verify) opts+=" --format" ;;
        why) opts+=" --format --color" ;;
        esac
        [[ $sub == ls ]] && opts+=" --header"
        [[ $sub == gc ]] && opts+=" --older-than"
        ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts -h --help -v --verbose -q --quiet" -- "$cur"))
    elif [[ $cmd == generate || $cmd == check || $cmd == list || $sub == why ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -F _cowrap cowrap
