/**
 * Spellings of subdivisions that the ISO 3166-2 data does not carry: traditional (AP/GPO) US state
 * abbreviations, Canadian short forms, English names of German Länder, Swiss cantons, Spanish
 * communities and Italian regions, and France's current regions (the ISO data predates them). Keys are lookup keys (folded, dots dropped); values are ISO 3166-2 codes
 * without the country prefix. Limited to the markets most CRM data comes from; everything else
 * resolves through the ISO names and codes.
 */
export const SUBDIVISION_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  US: {
    ala: 'AL', ariz: 'AZ', ark: 'AR', cal: 'CA', calif: 'CA', cali: 'CA', colo: 'CO', conn: 'CT',
    del: 'DE', fla: 'FL', ill: 'IL', ind: 'IN', kan: 'KS', kans: 'KS', mass: 'MA', mich: 'MI',
    minn: 'MN', miss: 'MS', mont: 'MT', neb: 'NE', nebr: 'NE', nev: 'NV', okla: 'OK', ore: 'OR',
    oreg: 'OR', penn: 'PA', penna: 'PA', tenn: 'TN', tex: 'TX', wash: 'WA', 'w va': 'WV', wva: 'WV',
    wis: 'WI', wisc: 'WI', wyo: 'WY', 'washington dc': 'DC', 'washington d c': 'DC',
  },
  CA: {
    ont: 'ON', que: 'QC', pq: 'QC', alta: 'AB', sask: 'SK', man: 'MB', nfld: 'NL', newfoundland: 'NL',
    pei: 'PE', nwt: 'NT', 'yukon territory': 'YT', 'colombie britannique': 'BC', 'nouvelle ecosse': 'NS',
  },
  DE: {
    bavaria: 'BY', 'lower saxony': 'NI', 'north rhine westphalia': 'NW', nrw: 'NW', hesse: 'HE',
    saxony: 'SN', 'saxony anhalt': 'ST', thuringia: 'TH', thueringen: 'TH', 'rhineland palatinate': 'RP',
    'mecklenburg western pomerania': 'MV', 'baden wuerttemberg': 'BW',
  },
  CH: {
    geneva: 'GE', geneve: 'GE', genf: 'GE', fribourg: 'FR', lucerne: 'LU', berne: 'BE', grisons: 'GR',
    'st gallen': 'SG', 'saint gall': 'SG', zurich: 'ZH', tessin: 'TI', wallis: 'VS', waadt: 'VD',
  },
  MX: { cdmx: 'CMX', 'mexico city': 'CMX', 'distrito federal': 'CMX', df: 'CMX' },
  // The 13 metropolitan regions of 2016 with their current codes; the ISO data still has the old 22.
  FR: {
    'auvergne rhone alpes': 'ARA', 'bourgogne franche comte': 'BFC', bretagne: 'BRE', brittany: 'BRE',
    'centre val de loire': 'CVL', corse: '20R', corsica: '20R', 'grand est': 'GES', 'hauts de france': 'HDF',
    'ile de france': 'IDF', normandie: 'NOR', normandy: 'NOR', 'nouvelle aquitaine': 'NAQ', occitanie: 'OCC',
    'pays de la loire': 'PDL', 'provence alpes cote d azur': 'PAC', paca: 'PAC',
  },
  ES: {
    'pais vasco': 'PV', 'basque country': 'PV', euskadi: 'PV', cataluna: 'CT', catalonia: 'CT', navarra: 'NC',
    andalusia: 'AN', 'islas baleares': 'IB', 'balearic islands': 'IB', 'islas canarias': 'CN', 'canary islands': 'CN',
  },
  IT: {
    lombardy: '25', piedmont: '21', tuscany: '52', sardinia: '88', sicily: '82', apulia: '75',
    'aosta valley': '23', 'valle d aosta': '23', 'trentino south tyrol': '32',
  },
};
