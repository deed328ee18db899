/**
 * The Debian packages the corpus is built from, pinned: `npm run data` downloads exactly these versions with
 * `apt-get download <package>=<version>` and refuses a file whose sha256 differs, so a rebuild is byte-identical or
 * fails by name. A version that has left the archive can still be had from snapshot.debian.org (same bytes).
 *
 * Roles: the two LibreOffice help packages are aligned page by page and paragraph by paragraph; every `catalogs`
 * package contributes its German gettext catalogs (`…/locale/de/LC_MESSAGES/*.mo`, or LibreOffice's own
 * `…/resource/de/LC_MESSAGES/*.mo`); `ding` is the Ding dictionary. Each licence is the one the package's
 * `/usr/share/doc/<package>/copyright` gives for its files (`Files: *`, or the program licence where the file is
 * not machine-readable); translations in a catalog are distributed under its package's licence.
 *
 * The catalog list: LibreOffice's own UI strings, and the translated GNOME, KDE and Xfce desktop applications of
 * Debian 12 that ship German catalogs in their main or data package, chosen for everyday desktop software (files,
 * documents, images, media, mail, finance, terminals). Left out: inkscape (its copyright file names no GPL version),
 * thunderbird-l10n-de and transmission-common (no gettext catalogs).
 */
export type SourceRole = 'help-de' | 'help-en' | 'catalogs' | 'ding';

export interface DebSource {
  package: string;
  version: string;
  sha256: string;
  role: SourceRole;
  licence: string;
}

export const DEB_SOURCES: readonly DebSource[] = [
  {
    package: 'libreoffice-help-de',
    version: '4:7.4.7-1+deb12u14',
    sha256: '00490b63c509ac96f7f212d6a6e40452d3e0d1f97ccf4b824dd5ec4c01e8277f',
    role: 'help-de',
    licence: 'MPL-2.0',
  },
  {
    package: 'libreoffice-help-en-us',
    version: '4:7.4.7-1+deb12u14',
    sha256: '8faa840285734d6cfe1ed25537b48f07e74bd6412e3917bf8e5f8a653f7b3712',
    role: 'help-en',
    licence: 'MPL-2.0',
  },
  {
    package: 'libreoffice-l10n-de',
    version: '4:7.4.7-1+deb12u14',
    sha256: 'aee22c8e3b3c0431f6e1b0bc66f757ba36c860e2651a05eb050fde4897f06548',
    role: 'catalogs',
    licence: 'MPL-2.0',
  },
  {
    package: 'ark',
    version: '4:22.12.3-1+deb12u1',
    sha256: 'e303e2165ac22f4bbc9f03454bca29495a8680eb545643146fad019aa2bc262a',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'audacity-data',
    version: '3.2.4+dfsg-1',
    sha256: '82b3f46f97238f64cf0982155f81e350df4553231d2a7186e4aea2712e96a5d4',
    role: 'catalogs',
    licence: 'CC-BY-3.0 or GPL-2.0-or-later',
  },
  {
    package: 'baobab',
    version: '43.0-1',
    sha256: 'acab793673e0f559080b492a40281c5ea7da04da5830c28c346cca62860fad69',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'cheese-common',
    version: '43.0-1',
    sha256: '851b3595fcb7b5dbba1c646bfddd64a56907302e0b85db4c38dda1aa2336bfbb',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'digikam-data',
    version: '4:7.9.0-1',
    sha256: 'a941a504ba7bdf9d276a43ca3c2a0b2b5b74a55420d8c4b4f29d681e96cbf450',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'dolphin',
    version: '4:22.12.3-1',
    sha256: '51e87e649d1297cf17d38f6f4c679101fba01fca5b61a73d8ced48e3835355d0',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'eog',
    version: '43.2-1+deb12u1',
    sha256: '986338ef28f9dc57141f11c27df27b453f95bbe460d44f4a9ec6c7d815e9ccc2',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'evince-common',
    version: '43.1-2+deb12u1',
    sha256: '777ea7d094db2acd7b385e272b0ba6cf03c7e45d574e6f2c689b507de3d95dbb',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'evolution-common',
    version: '3.46.4-2+deb12u1',
    sha256: '52e3a67ba3f2815fa864f600f5e3c2afd6ebc0b3487b50525df75006d4172b46',
    role: 'catalogs',
    licence: 'LGPL-2.0 or LGPL-3.0',
  },
  {
    package: 'file-roller',
    version: '43.0-1',
    sha256: '2bb8ba003a234b82228154ca5555c55e464b010d1d866605658d1cd510e52de2',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'gedit-common',
    version: '44.2-1',
    sha256: '3d9446b4ddcc7db0df41d9ee7f71b60a1d29ad688b6acbe04fe6fbea3461d5ef',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'gnome-calculator',
    version: '1:43.0.1-2',
    sha256: '395526cc25086a0ad15cdcd6daf403e5eb542cfe494de743e2e9394c39a0f065',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'gnome-clocks',
    version: '43.0-1',
    sha256: 'cd92c912a6f69789785b9e898611a6f8ced7659597e000e8f7a92583cf259a46',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'gnome-contacts',
    version: '43.1-1',
    sha256: '9ab4c5f785d4207564e6bf3ad95389a02fb2d95d41cb7d95ea6aa773e6eb3638',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'gnome-control-center-data',
    version: '1:43.6-2~deb12u1',
    sha256: 'f76430c1f6db2be884bbc0e37cfa43752b49d252abb94d9cce494e8cdd8882a1',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'gnome-disk-utility',
    version: '43.0-1',
    sha256: '39f4cbc4a5aa12844c004706edae49d88a3ab320c8cfd76c5ae9674060e7a381',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'gnome-maps',
    version: '43.5-2~deb12u1',
    sha256: '21e878ca104ab0e71d7204dedcab4958a0cf04b34864f4ea43df66bc62ffded5',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'gnome-software-common',
    version: '43.5-1~deb12u2',
    sha256: 'eea880e5fbf282d281f9e2e5fca7217763733ceb76076a597ab049a0cff6efa5',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'gnome-system-monitor',
    version: '42.0-2',
    sha256: 'fb6f0c54b9af1a17e1d047dccbe4a8df6b54fe2cde4cb6a214d78dabbee3ea68',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'gnome-terminal-data',
    version: '3.46.8-1',
    sha256: '7702598bf2f81b6ec713d14867e367d9f5f2f91580c233db0dadc4c31c2f227d',
    role: 'catalogs',
    licence: 'GPL-3.0-or-later',
  },
  {
    package: 'gnome-text-editor',
    version: '43.2-1',
    sha256: '2c10709508064f270478fb5767516ee6b5c51e82767066386b5b9c016365abd5',
    role: 'catalogs',
    licence: 'GPL-3.0-or-later',
  },
  {
    package: 'gnome-weather',
    version: '43.0-1',
    sha256: '1e4dab9fce4a4df111db20b7b8d29bceb4e449167db3e314ad207da8b22518b7',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'gnucash-common',
    version: '1:4.13-1',
    sha256: '8477b415856eb671125ee63ac6a4ee1d23efeca3de6e55e5a14c6ebb32642b31',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'gwenview',
    version: '4:22.12.3-1',
    sha256: '7dc3a909699833c423988f161db9b3160b853543c1e64003cdefb1886a3f77a7',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'kate5-data',
    version: '4:22.12.3-1',
    sha256: '6da1d7621fc3539385f35351ba612b748a743458240b0db63bd54738015f473d',
    role: 'catalogs',
    licence: 'LGPL-2.0-or-later',
  },
  {
    package: 'kcalc',
    version: '4:22.12.3-1',
    sha256: '204ecb5904b86b641123d881bf46412cef7ee1323de5bb7ef73afd8186bb5f9c',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'kdenlive-data',
    version: '22.12.3-2+deb12u2',
    sha256: 'f4ab20ba8de7e7fb7857d671592a94495f51f4e86e64869f438ddba7428b4dad',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'konsole',
    version: '4:22.12.3-1+deb12u1',
    sha256: 'f2b285b9bc79b207391bf0e2abbf87c1294963a8ffe0d973f9fea74a457b4f7e',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'mousepad',
    version: '0.5.10-2',
    sha256: '98a8800dd1693dcf7e4fa3723c21de65be54a95800b6d6b734624fe1e5f6543b',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'nautilus-data',
    version: '43.2-1',
    sha256: '2b0ba8ce95bbd9007ab4ff34070f67c2d41ca5c0b155bf8a12776f2ebb9b1481',
    role: 'catalogs',
    licence: 'GPL-3.0-or-later',
  },
  {
    package: 'okular',
    version: '4:22.12.3-1+deb12u1',
    sha256: 'b3e1ba5524b42775f397d5f066fc0a3d6261bd454b5b9b380c44fc8e40550f81',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'pidgin-data',
    version: '2.14.12-1',
    sha256: 'fe25279f89fdcc3b38874880f53bf205987e2048154cabc6fe529759e7d8df76',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'rhythmbox-data',
    version: '3.4.6-2',
    sha256: '9eb244e46496ee6f7f0710d82a62b6fa1129e08eff198022a914f6b621c91a70',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'ristretto',
    version: '0.12.4-1',
    sha256: '829e42eaa2f8fd78df729a44f77e3029d211e79c7a254abfb51f75aa97044f45',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'shotwell-common',
    version: '0.30.17-1',
    sha256: '2d40611f6fe255b5c079cfe44a1943dfbcd1c88b27acf472d53ed935f67fb904',
    role: 'catalogs',
    licence: 'LGPL-2.1',
  },
  {
    package: 'simple-scan',
    version: '42.5-2',
    sha256: '782842b780d6069fbc422122e40cd38de19c3577a8129e431744028b812ff2ef',
    role: 'catalogs',
    licence: 'GPL-3.0-or-later',
  },
  {
    package: 'thunar-data',
    version: '4.18.4-1',
    sha256: '8837817dbb7bf69c031360cbbc6923a85e5f4ee95b807d103b971751fd3f4852',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'totem-common',
    version: '43.0-2',
    sha256: '23190cc8726d7b8bfe9a4362260cdb2c98d304b195104ffc7ea382593c991ad8',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later (with an exception for non-GPL plugins)',
  },
  {
    package: 'vlc-l10n',
    version: '3.0.24-0+deb12u1',
    sha256: '11e65bcd6a1d4626b9e2d7388bb93c80edc46da82a6ca3b26d88f71edcb6f9b2',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'xfce4-settings',
    version: '4.18.2-1',
    sha256: '73939009a4d48e9823e0e83fb10233e2ea74e47516f2deeb57d4190ec8abb5b9',
    role: 'catalogs',
    licence: 'GPL-2.0-or-later',
  },
  {
    package: 'trans-de-en',
    version: '1.9-6',
    sha256: '45f6b4cf1c434776fba6811d7bc522efabb5425c43ba8afd0e289bf9e2e53df4',
    role: 'ding',
    licence: 'GPL-2.0-or-later',
  },
];
