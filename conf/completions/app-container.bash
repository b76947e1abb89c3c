# bash completion for make-app-container and for app-container launchers (their ++ options).
# Installed in /etc/bash_completion.d so that it is loaded at start: the launchers have whatever
# names their apps got, so bash-completion cannot load their completion on demand.

_app_container_marker='# app-container launcher configuration'

# the apps in a script dir: launchers whose NAME.conf starts with the marker line
_app_container_names() {
        local dir=${1:-$HOME/.local/bin} f line
        for f in "$dir"/*.conf; do
                [ -f "$f" ] && [ -e "${f%.conf}" ] || continue
                IFS= read -r line < "$f" && [ "$line" = "$_app_container_marker" ] && printf '%s\n' "${f##*/}" | sed 's/\.conf$//'
        done
}

_make_app_container() {
        local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]} verb= script_dir= i
        local verbs="create list remove edit show-recipe"
        for ((i = 1; i < COMP_CWORD; i++)); do
                case ${COMP_WORDS[i]} in
                --script-dir) script_dir=${COMP_WORDS[i + 1]} ;;
                create | list | remove | edit | show-recipe) [ -z "$verb" ] && verb=${COMP_WORDS[i]} ;;
                esac
        done
        case $prev in
        --script-dir | --cache-dir) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --network) COMPREPLY=($(compgen -W "off on nat separate" -- "$cur")); return ;;
        --privilege) COMPREPLY=($(compgen -W "auto sudo pkexec" -- "$cur")); return ;;
        --variant) COMPREPLY=($(compgen -W "minbase buildd" -- "$cur")); return ;;
        --bind) COMPREPLY=($(compgen -W "downloads documents gitconfig steam cache" -- "$cur")); return ;;
        --appctl) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --name | --user | --uid | --gid | --mirror | --ubuntu-mirror | --arch | --packages | --run | --window-manager | --allow) return ;;
        esac
        case $verb in
        "")
                if [[ $cur == -* ]]; then
                        COMPREPLY=($(compgen -W "--help --version --script-dir" -- "$cur"))
                else
                        COMPREPLY=($(compgen -W "$verbs" -- "$cur"))
                fi
                ;;
        create)
                if [[ $cur == -* ]]; then
                        COMPREPLY=($(compgen -W "--name --script-dir --user --uid --gid --mirror --ubuntu-mirror
                                --variant --arch --packages --gui --gui-private --window-manager --3d --mesa --sound
                                --webcam --dbus --dbus-talk --dbus-own --bind --network --run --ephemeral --userns --nested --wayland --pipewire --cups --privilege
                                --desktop --cache-dir --no-cache --appctl --keep-failed --dry-run --verbose --quiet --help
                                --host-look --no-host-look --nvidia --allow --memory-max --cpu-weight --cpu-quota --tasks-max --io-weight" -- "$cur"))
                else
                        # DISTRO first, then DIR and .deb files
                        local n=0
                        for ((i = 1; i < COMP_CWORD; i++)); do
                                [[ ${COMP_WORDS[i]} == -* || ${COMP_WORDS[i]} == create ]] && continue
                                case ${COMP_WORDS[i - 1]} in --name | --script-dir | --user | --uid | --gid | --allow | --mirror | --ubuntu-mirror | --variant | --arch | --packages | --window-manager | --bind | --network | --run | --privilege | --cache-dir | --appctl | --memory-max | --cpu-weight | --cpu-quota | --tasks-max | --io-weight) continue ;; esac
                                n=$((n + 1))
                        done
                        if [ "$n" = 0 ]; then
                                COMPREPLY=($(compgen -W "bookworm trixie bullseye sid stable testing unstable focal jammy noble" -- "$cur"))
                        else
                                COMPREPLY=($(compgen -f -- "$cur"))
                        fi
                fi
                ;;
        list) COMPREPLY=($(compgen -W "--script-dir" -- "$cur")) ;;
        remove | edit | show-recipe)
                if [[ $cur == -* ]]; then
                        local opts="--script-dir"
                        [ "$verb" = remove ] && opts="$opts --purge --yes"
                        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
                else
                        COMPREPLY=($(compgen -W "$(_app_container_names "$script_dir")" -- "$cur"))
                fi
                ;;
        esac
}
complete -F _make_app_container make-app-container

# launchers: ++ options while they come first, then the app's own arguments (files)
_app_container_launcher() {
        local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]} w i
        for ((i = 1; i < COMP_CWORD; i++)); do
                w=${COMP_WORDS[i]}
                if [ "$w" = ++cmd ]; then
                        # the command, then its arguments
                        if [ "$i" = $((COMP_CWORD - 1)) ]; then COMPREPLY=($(compgen -c -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi
                        return
                fi
                # "++" or a first word that is no option: the app's arguments have begun
                if [ "$w" = ++ ] || { [[ $w != ++* ]] && [ "${COMP_WORDS[i - 1]}" != ++network ]; }; then
                        COMPREPLY=($(compgen -f -- "$cur"))
                        return
                fi
        done
        if [ "$prev" = ++network ]; then
                COMPREPLY=($(compgen -W "off on nat separate" -- "$cur"))
        elif [[ -z $cur || $cur == ++* ]]; then
                COMPREPLY=($(compgen -W "++show ++dry-run ++start ++stop ++cmd ++network ++aptupdate ++aptupdateall
                        ++rollback ++desktop ++status ++help ++version ++" -- "$cur"))
        else
                COMPREPLY=($(compgen -f -- "$cur"))
        fi
}
_app_container_register() {
        local n
        for n in $(_app_container_names); do complete -o default -F _app_container_launcher "$n"; done
}
_app_container_register
