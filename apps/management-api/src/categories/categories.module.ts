import { Module } from '@nestjs/common';
import { CategoriesRepository } from './categories.repository.js';
import { CategoriesResolver } from './categories.resolver.js';
import { CategoriesService } from './categories.service.js';
import { CategoryLoader } from './category.loader.js';

@Module({
  providers: [CategoriesRepository, CategoriesService, CategoriesResolver, CategoryLoader],
  exports: [CategoriesService, CategoryLoader],
})
export class CategoriesModule {}
