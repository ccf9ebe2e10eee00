import './sidebar.css';
import { AlertTriangle, Download, Images, Star, Trash2 } from 'lucide-react';
import { useEffect } from 'react';
import { followCollectionEvents, loadCollections } from '../../stores/library-collections-store';
import { usePanelOpen } from '../../stores/layout-store';
import { PlaceButton } from './place-button';
import { usePlaceCounts } from './place-counts';
import { SidebarCollections } from './sidebar-collections';
import { SIDEBAR_ID } from './sidebar-ids';
import { SidebarTags } from './sidebar-tags';

/**
 * The library's places, as in Eagle or Lightroom: everything, the favorites, where images came
 * from or went wrong, the trash, then each collection and each tag. Each is a query on the grid.
 */
export function Sidebar() {
  const open = usePanelOpen('sidebar');
  const counts = usePlaceCounts();

  useEffect(() => {
    void loadCollections();
    return followCollectionEvents();
  }, []);

  if (!open) return null;
  return (
    <nav id={SIDEBAR_ID} className="sidebar" aria-label="Library places">
      <ul className="places">
        <li className="place">
          <PlaceButton place={{ kind: 'all' }} label="All" icon={<Images />} count={counts.all} />
        </li>
        <li className="place">
          <PlaceButton place={{ kind: 'favorites' }} label="Favorites" icon={<Star />} count={counts.favorites} />
        </li>
        <li className="place">
          <PlaceButton place={{ kind: 'imported' }} label="Imported" icon={<Download />} count={counts.imported} />
        </li>
        <li className="place">
          <PlaceButton place={{ kind: 'problems' }} label="Refused and failed" icon={<AlertTriangle />} count={counts.problems} />
        </li>
        <li className="place">
          <PlaceButton place={{ kind: 'trash' }} label="Trash" icon={<Trash2 />} count={counts.trash} />
        </li>
      </ul>
      <SidebarCollections counts={counts.collections} />
      <SidebarTags counts={counts.tags} />
    </nav>
  );
}
